package org.mydatakit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mydatakit.testkit.Fixtures.CONSUMER;
import static org.mydatakit.testkit.Fixtures.NHIS;
import static org.mydatakit.testkit.Fixtures.NHIS_QUALIFICATION;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.mydatakit.consent.CitizenIdentifier;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentStatus;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.PairwiseSubjects;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.status.StatusListVerifier;
import org.mydatakit.status.TokenStatus;

/** The fake broker's fixtures give a real, approved consent in one line. */
class FakeBrokerTest {
  private final FakeBroker broker = FakeBroker.create();

  @Test
  void approvedConsentIsActiveOneTimeAndForTheCitizen() {
    Consent consent =
        broker.approvedConsent(SampleCitizen.KIM_CHEOLSU, CONSUMER, NHIS_QUALIFICATION);

    assertThat(consent.status()).isEqualTo(ConsentStatus.ACTIVE);
    assertThat(consent.delivery()).isEqualTo(Delivery.oneTime());
    assertThat(consent.items()).containsExactly(NHIS_QUALIFICATION);
    try (CitizenIdentifier ci = SampleCitizen.KIM_CHEOLSU.ci()) {
      assertThat(broker.broker().consentsOf(ci)).extracting(Consent::id).contains(consent.id());
      assertThat(consent.subject().pairwise().get(NHIS))
          .isEqualTo(PairwiseSubjects.subjectFor(broker.providerKey(NHIS), ci));
    }
  }

  @Test
  void revokeAndPauseShowInTheSignedStatusList() throws Exception {
    Consent revoked =
        broker.approvedConsent(SampleCitizen.HONG_GILDONG, CONSUMER, NHIS_QUALIFICATION);
    Consent paused =
        broker.approvedConsent(SampleCitizen.HONG_GILDONG, CONSUMER, NHIS_QUALIFICATION);
    broker.revoke(revoked.id());
    broker.pause(paused.id());

    var list =
        StatusListVerifier.builder()
            .trustedIssuer(broker.issuer(), broker.publicKeys())
            .build()
            .verify(broker.statusList(), FakeBroker.STATUS_LIST_URI)
            .list();
    assertThat(list.get(revoked.statusIndex().getAsLong())).isEqualTo(TokenStatus.INVALID);
    assertThat(list.get(paused.statusIndex().getAsLong())).isEqualTo(TokenStatus.SUSPENDED);
  }

  @Test
  void aOneTimeConsentGivesOneGrantPerAgency() {
    Consent consent =
        broker.approvedConsent(SampleCitizen.HONG_GILDONG, CONSUMER, NHIS_QUALIFICATION);
    DpopKey key = DpopKey.generate();
    broker.issueGrant(consent.id(), NHIS, key);
    assertThatThrownBy(() -> broker.issueGrant(consent.id(), NHIS, key))
        .isInstanceOf(RuntimeException.class);
  }

  @Test
  void aBrokerOnAFixedClockIssuesAtThatTime() {
    Instant at = Instant.parse("2026-11-27T00:00:00Z");
    FakeBroker fixed = FakeBroker.create(Clock.fixed(at, ZoneOffset.UTC));
    Consent consent =
        fixed.approvedConsent(SampleCitizen.HONG_GILDONG, CONSUMER, NHIS_QUALIFICATION);
    assertThat(fixed.issueGrant(consent.id(), NHIS, DpopKey.generate()).issuedAt()).isEqualTo(at);
  }

  @Test
  void sampleCitizensAreFictionalAndShowOnlyTheirHandle() {
    assertThat(SampleCitizen.all()).hasSize(3);
    for (SampleCitizen citizen : SampleCitizen.all()) {
      assertThat(citizen.toString()).isEqualTo("SampleCitizen[" + citizen.handle() + "]");
      try (CitizenIdentifier ci = citizen.ci()) {
        assertThat(ci.toString()).doesNotContain("FAKE");
      }
    }
    assertThat(broker.toString()).doesNotContain("SECRET");
  }
}
