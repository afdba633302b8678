package org.mydatakit.broker;

import java.time.Instant;
import java.time.Period;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.Bundle;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.DataRange;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.Purpose;
import org.mydatakit.consent.Representative;
import org.mydatakit.internal.Checks;

/**
 * What a consumer asks a citizen to consent to: recipient, items, purpose, delivery, range,
 * validity and retention. The broker turns it into a REQUESTED {@code Consent}.
 *
 * <pre>{@code
 * ConsentRequest request = ConsentRequest.builder()
 *     .consumer(AgencyId.of("KB-BANK"))
 *     .item(DataItem.of(AgencyId.of("NHIS"), ItemCode.of("nhis.qualification")))
 *     .purpose(new Purpose("loan-screening", "대출 심사", LegalBasis.PIPA_35_2))
 *     .delivery(Delivery.oneTime())
 *     .validity(now, now.plus(Duration.ofDays(30)))
 *     .retention(Period.ofYears(1))
 *     .build();
 * }</pre>
 */
public record ConsentRequest(
    AgencyId consumer,
    Set<DataItem> items,
    Purpose purpose,
    Delivery delivery,
    Optional<DataRange> dataRange,
    Instant validFrom,
    Instant validUntil,
    Period retention,
    Optional<Representative> representative) {

  /** Requires every mandatory part; the consent's own rules are checked when it is built. */
  public ConsentRequest {
    Checks.notNull("consumer", consumer);
    if (items == null || items.isEmpty()) {
      throw new IllegalArgumentException("items: expected at least one data item");
    }
    items = java.util.Collections.unmodifiableSet(new TreeSet<>(items));
    Checks.notNull("purpose", purpose);
    Checks.notNull("delivery", delivery);
    Checks.notNull("data range", dataRange);
    Checks.notNull("valid from", validFrom);
    Checks.notNull("valid until", validUntil);
    Checks.notNull("retention", retention);
    Checks.notNull("representative", representative);
  }

  /** Starts a request. */
  public static Builder builder() {
    return new Builder();
  }

  /** The providers the request names. */
  public Set<AgencyId> providers() {
    Set<AgencyId> providers = new TreeSet<>();
    items.forEach(i -> providers.add(i.provider()));
    return providers;
  }

  /** Builds a {@link ConsentRequest}. */
  public static final class Builder {
    private AgencyId consumer;
    private final Set<DataItem> items = new TreeSet<>();
    private Purpose purpose;
    private Delivery delivery;
    private DataRange dataRange;
    private Instant validFrom;
    private Instant validUntil;
    private Period retention;
    private Representative representative;

    private Builder() {}

    public Builder consumer(AgencyId consumer) {
      this.consumer = consumer;
      return this;
    }

    public Builder item(DataItem item) {
      items.add(Checks.notNull("item", item));
      return this;
    }

    /** Adds every item of a named bundle (정보꾸러미). */
    public Builder bundle(Bundle bundle) {
      items.addAll(Checks.notNull("bundle", bundle).items());
      return this;
    }

    public Builder purpose(Purpose purpose) {
      this.purpose = purpose;
      return this;
    }

    public Builder delivery(Delivery delivery) {
      this.delivery = delivery;
      return this;
    }

    public Builder dataRange(DataRange dataRange) {
      this.dataRange = dataRange;
      return this;
    }

    /** Valid from {@code from} (inclusive) until {@code until} (exclusive). */
    public Builder validity(Instant from, Instant until) {
      this.validFrom = from;
      this.validUntil = until;
      return this;
    }

    public Builder retention(Period retention) {
      this.retention = retention;
      return this;
    }

    public Builder representative(Representative representative) {
      this.representative = representative;
      return this;
    }

    /** Validates and builds; throws {@link IllegalArgumentException} naming what is missing. */
    public ConsentRequest build() {
      return new ConsentRequest(
          consumer,
          items,
          purpose,
          delivery,
          Optional.ofNullable(dataRange),
          validFrom,
          validUntil,
          retention,
          Optional.ofNullable(representative));
    }
  }
}
