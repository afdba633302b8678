package org.mydatakit.benchmarks;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.UUID;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.broker.ConsentRequest;
import org.mydatakit.broker.ConsentStore;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.AuthenticationEvidence;
import org.mydatakit.consent.CitizenIdentifier;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.LegalBasis;
import org.mydatakit.consent.PairwiseSubjects;
import org.mydatakit.consent.Purpose;
import org.mydatakit.consent.Schedule;
import org.mydatakit.keys.SigningKeySet;

/** A broker over a store, and approved periodic consents with the largest budget there is. */
final class Brokers {
  static final AgencyId CONSUMER = AgencyId.of("KB-BANK");

  private Brokers() {}

  static ConsentBroker broker(ConsentStore store, SigningKeySet keys) {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    return ConsentBroker.builder()
        .store(store)
        .signingKeys(keys)
        .issuer(Grants.ISSUER)
        .pairwiseSubjects(PairwiseSubjects.of(secret))
        .statusListUri(URI.create(Grants.ISSUER + "/status/1"))
        .build();
  }

  /**
   * Requests and approves a daily consent of citizen number {@code n} for {@code items}, with a
   * budget of {@value Delivery#MAX_FETCH_BUDGET} fetches a day.
   */
  static Consent approved(ConsentBroker broker, int n, DataItem... items) {
    Instant now = Instant.now();
    ConsentRequest.Builder request =
        ConsentRequest.builder()
            .consumer(CONSUMER)
            .purpose(new Purpose("loan-screening", "대출 심사", LegalBasis.PIPA_35_2))
            .delivery(
                Delivery.periodic(Schedule.every(1, Schedule.Unit.DAYS), Delivery.MAX_FETCH_BUDGET))
            .validity(now.minusSeconds(60), now.plus(Duration.ofDays(30)))
            .retention(Period.ofMonths(6));
    for (DataItem item : items) {
      request.item(item);
    }
    try (CitizenIdentifier ci = CitizenIdentifier.of(String.format("FAKE-CI-BENCH-%08d", n))) {
      Consent requested = broker.request(request.build(), ci, UUID.randomUUID().toString());
      return broker.approve(
          requested.id(),
          ci,
          new AuthenticationEvidence(
              AuthenticationEvidence.Method.SIMPLE_AUTHENTICATION,
              Instant.now(),
              "mobile-app",
              AuthenticationEvidence.sha256Hex("the consent text shown to the citizen")));
    }
  }
}
