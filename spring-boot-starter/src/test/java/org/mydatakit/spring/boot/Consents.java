package org.mydatakit.spring.boot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.UUID;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.broker.ConsentRequest;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.AuthenticationEvidence;
import org.mydatakit.consent.CitizenIdentifier;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.consent.LegalBasis;
import org.mydatakit.consent.Purpose;
import org.mydatakit.testkit.SampleCitizen;

/** Test helper: an approved consent of a fictional citizen on any broker. */
final class Consents {
  static final AgencyId CONSUMER = AgencyId.of("KB-BANK");
  static final AgencyId NHIS = AgencyId.of("NHIS");
  static final ItemCode QUALIFICATION = ItemCode.of("nhis.qualification");

  private Consents() {}

  /** A one-time consent of {@code citizen} for KB-BANK to fetch NHIS's qualification. */
  static Consent approved(ConsentBroker broker, SampleCitizen citizen) {
    return approved(broker, citizen, Clock.systemUTC());
  }

  /** As {@link #approved(ConsentBroker, SampleCitizen)}, on a broker running on {@code clock}. */
  static Consent approved(ConsentBroker broker, SampleCitizen citizen, Clock clock) {
    Instant now = clock.instant();
    ConsentRequest request =
        ConsentRequest.builder()
            .consumer(CONSUMER)
            .purpose(new Purpose("starter-test", "테스트용 전송요구 (가상)", LegalBasis.PIPA_35_2))
            .delivery(Delivery.oneTime())
            .validity(now, now.plus(Duration.ofDays(30)))
            .retention(Period.ofYears(1))
            .item(DataItem.of(NHIS, QUALIFICATION))
            .build();
    try (CitizenIdentifier ci = citizen.ci()) {
      Consent requested = broker.request(request, ci, "starter-" + UUID.randomUUID());
      return broker.approve(
          requested.id(),
          ci,
          new AuthenticationEvidence(
              AuthenticationEvidence.Method.SIMPLE_AUTHENTICATION,
              now,
              "starter-test",
              AuthenticationEvidence.sha256Hex("starter test: consent text (fictional)")));
    }
  }
}
