package org.mydatakit.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.AuthenticationEvidence;
import org.mydatakit.consent.CitizenIdentifier;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.consent.LegalBasis;
import org.mydatakit.consent.PairwiseSubjects;
import org.mydatakit.consent.Purpose;
import org.mydatakit.consent.RevokedBy;
import org.mydatakit.consent.Schedule;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.grant.Grant;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;

/** The README's "Broker" example, run as written. */
class BrokerReadmeExampleTest {

  @Test
  void brokerLifecycle() {
    byte[] masterSecret =
        "FAKE-MASTER-SECRET-for-examples-and-tests-only".getBytes(StandardCharsets.US_ASCII);
    DpopKey consumerKey = DpopKey.generate();
    Instant now = Instant.now();

    // region readme-broker
    ConsentBroker broker =
        ConsentBroker.builder()
            .store(new InMemoryConsentStore()) // or JdbcConsentStore (H2 / PostgreSQL)
            .signingKeys(SigningKeySet.generate(SigningAlgorithm.ES256))
            .issuer("https://broker.example")
            .pairwiseSubjects(PairwiseSubjects.of(masterSecret))
            .statusListUri(URI.create("https://broker.example/status/1"))
            .build();

    // A bank asks, on behalf of a (fictional) citizen, for monthly NHIS and NTS records.
    ConsentRequest request =
        ConsentRequest.builder()
            .consumer(AgencyId.of("KB-BANK"))
            .item(DataItem.of(AgencyId.of("NHIS"), ItemCode.of("nhis.qualification")))
            .item(DataItem.of(AgencyId.of("NTS"), ItemCode.of("nts.income-certificate")))
            .purpose(new Purpose("loan-screening", "대출 심사", LegalBasis.PIPA_35_2))
            .delivery(Delivery.periodic(Schedule.every(1, Schedule.Unit.MONTHS), 4))
            .validity(now, now.plus(Duration.ofDays(365)))
            .retention(Period.ofYears(1))
            .build();
    try (CitizenIdentifier citizen = CitizenIdentifier.of("FAKE-CI-HONG-GILDONG-0001")) {
      Consent requested = broker.request(request, citizen, "loan-application-7731");
      Consent active =
          broker.approve(
              requested.id(),
              citizen,
              new AuthenticationEvidence(
                  AuthenticationEvidence.Method.SIMPLE_AUTHENTICATION,
                  now,
                  "mobile-app",
                  AuthenticationEvidence.sha256Hex("the consent text shown to the citizen")));

      // The consumer gets a grant per provider, within the monthly budget.
      Grant grant = broker.issueGrant(active.id(), AgencyId.of("NHIS"), consumerKey.thumbprint());
      FetchBudget left = broker.remainingBudget(active.id(), AgencyId.of("NHIS")); // 3 of 4
      broker.recordFetch(
          grant.grantId(),
          AgencyId.of("NHIS"),
          Set.of(ItemCode.of("nhis.qualification")),
          "KBBANK2026112700000001",
          FetchOutcome.DELIVERED);

      // The citizen sees everything and can revoke; providers learn it from the status list.
      List<AccessRecord> history = broker.accessHistory(citizen);
      broker.revoke(active.id(), RevokedBy.CITIZEN, "loan declined");
      String statusList = broker.statusList(); // serve at https://broker.example/status/1
      boolean intact = broker.verifyAudit().intact();
      // endregion readme-broker

      assertThat(left.remaining()).isEqualTo(3);
      assertThat(history).hasSize(2);
      assertThat(statusList).startsWith("eyJ");
      assertThat(intact).isTrue();
      assertThat(broker.receipts(active.id())).hasSize(2);
    }
  }
}
