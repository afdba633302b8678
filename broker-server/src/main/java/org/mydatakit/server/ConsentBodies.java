package org.mydatakit.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.mydatakit.broker.ConsentRequest;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.DataRange;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.consent.LegalBasis;
import org.mydatakit.consent.Purpose;
import org.mydatakit.consent.Representative;
import org.mydatakit.consent.Schedule;

/**
 * The body of {@code POST /consents}, in the shape of {@code ConsentJson} plus the client
 * assertion, the citizen and an idempotency key, and its mapping to the core values. Any wrong or
 * missing member is a 400 without detail. Ported from the sample broker of {@code
 * mydatakit-examples}.
 */
final class ConsentBodies {
  private ConsentBodies() {}

  /** One element of {@code items}. */
  record Item(String provider, String code) {}

  /** {@code purpose}. */
  record PurposeBody(String code, String text, LegalBasisBody legalBasis) {}

  /** {@code purpose.legalBasis}. */
  record LegalBasisBody(String code, String text) {}

  /** {@code delivery}: only {@code kind} for ONE_TIME. */
  record DeliveryBody(
      String kind, Integer every, String unit, Integer fetchBudget, WindowBody window) {}

  /** {@code delivery.window}. */
  record WindowBody(String from, String to, String zone) {}

  /** {@code dataRange}. */
  record RangeBody(String from, String to) {}

  /** {@code representative}. */
  record RepresentativeBody(String kind, String evidenceReference) {}

  /** {@code POST /consents}. */
  record Create(
      @JsonProperty("client_assertion_type") String clientAssertionType,
      @JsonProperty("client_assertion") String clientAssertion,
      String citizen,
      String idempotencyKey,
      List<Item> items,
      PurposeBody purpose,
      DeliveryBody delivery,
      RangeBody dataRange,
      String validFrom,
      String validUntil,
      String retention,
      RepresentativeBody representative) {
    /** Without the citizen or the assertion. */
    @Override
    public String toString() {
      return "Create[items=" + items + "]";
    }
  }

  static ConsentRequest request(Create b, AgencyId consumer) {
    return map(
        () -> {
          ConsentRequest.Builder r = ConsentRequest.builder().consumer(consumer);
          for (Item i : b.items()) {
            r.item(DataItem.of(AgencyId.of(i.provider()), ItemCode.of(i.code())));
          }
          PurposeBody p = b.purpose();
          LegalBasis basis = new LegalBasis(p.legalBasis().code(), p.legalBasis().text());
          r.purpose(new Purpose(p.code(), p.text(), basis))
              .delivery(delivery(b.delivery()))
              .validity(instant(b.validFrom()), instant(b.validUntil()))
              .retention(Period.parse(b.retention()));
          if (b.dataRange() != null) {
            r.dataRange(
                new DataRange(
                    LocalDate.parse(b.dataRange().from()), LocalDate.parse(b.dataRange().to())));
          }
          if (b.representative() != null) {
            r.representative(
                new Representative(
                    Representative.Kind.valueOf(b.representative().kind()),
                    b.representative().evidenceReference()));
          }
          return r.build();
        });
  }

  private static Delivery delivery(DeliveryBody d) {
    if (Delivery.Kind.valueOf(d.kind()) == Delivery.Kind.ONE_TIME) {
      if (d.every() != null || d.unit() != null || d.fetchBudget() != null || d.window() != null) {
        throw new IllegalArgumentException("delivery: expected only kind for ONE_TIME");
      }
      return Delivery.oneTime();
    }
    Optional<Schedule.Window> window =
        Optional.ofNullable(d.window())
            .map(
                w ->
                    new Schedule.Window(
                        LocalTime.parse(w.from()), LocalTime.parse(w.to()), ZoneId.of(w.zone())));
    Schedule.Unit unit = Schedule.Unit.valueOf(d.unit());
    return Delivery.periodic(new Schedule(d.every(), unit, window), d.fetchBudget());
  }

  /** UTC with a {@code Z} only, as {@code ConsentJson} writes it; an offset is refused. */
  private static Instant instant(String text) {
    if (!text.endsWith("Z")) {
      throw new IllegalArgumentException("instant: expected UTC with a Z");
    }
    return Instant.parse(text);
  }

  /** Any fault while mapping (a null, a bad enum name or date) is the client's: 400. */
  private static <T> T map(java.util.function.Supplier<T> mapping) {
    try {
      return mapping.get();
    } catch (RuntimeException e) {
      throw Problem.badRequest();
    }
  }
}
