package org.mydatakit.examples.tasks;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.UUID;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.broker.ConsentBrokerBuilder;
import org.mydatakit.broker.ConsentRequest;
import org.mydatakit.broker.ConsentStore;
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
import org.mydatakit.keys.SigningKeySet;

/**
 * What the task examples share: the fictional citizen 홍길동 (가상 인물, an obviously fake CI whose
 * records the sample agencies hold), the sample items, a broker over a store, and an approved
 * one-time consent in one call.
 */
final class SampleConsents {
  /** 홍길동's fictional CI (연계정보); matches the sample agencies' records. Never log it. */
  static final String HONG_GILDONG_CI = "FAKE-CI-HONG-GILDONG-0001";

  static final AgencyId KB_BANK = AgencyId.of("KB-BANK");
  static final AgencyId NHIS = AgencyId.of("NHIS");
  static final AgencyId NTS = AgencyId.of("NTS");
  static final DataItem NHIS_QUALIFICATION = DataItem.of(NHIS, ItemCode.of("nhis.qualification"));
  static final DataItem NTS_INCOME = DataItem.of(NTS, ItemCode.of("nts.income-certificate"));

  private SampleConsents() {}

  /** A broker over {@code store}, signing with {@code keys} as {@code issuer}. */
  static ConsentBrokerBuilder broker(ConsentStore store, SigningKeySet keys, String issuer) {
    byte[] masterSecret = new byte[32]; // in production: a managed secret shared by all nodes
    new SecureRandom().nextBytes(masterSecret);
    return ConsentBroker.builder()
        .store(store)
        .signingKeys(keys)
        .issuer(issuer)
        .pairwiseSubjects(PairwiseSubjects.of(masterSecret))
        .statusListUri(URI.create(issuer + "/status/1"));
  }

  /** A one-time consent request of {@code consumer} for {@code items}, valid 30 days from now. */
  static ConsentRequest request(AgencyId consumer, DataItem... items) {
    return request(consumer, Delivery.oneTime(), items);
  }

  /** A consent request of {@code consumer} for {@code items}, valid 30 days from now. */
  static ConsentRequest request(AgencyId consumer, Delivery delivery, DataItem... items) {
    Instant now = Instant.now();
    ConsentRequest.Builder request =
        ConsentRequest.builder()
            .consumer(consumer)
            .purpose(new Purpose("loan-screening", "대출 심사", LegalBasis.PIPA_35_2))
            .delivery(delivery)
            .validity(now, now.plus(Duration.ofDays(30)))
            .retention(Period.ofMonths(6));
    for (DataItem item : items) {
      request.item(item);
    }
    return request.build();
  }

  /** How the citizen authenticated to approve: simple authentication in a mobile app. */
  static AuthenticationEvidence evidence() {
    return new AuthenticationEvidence(
        AuthenticationEvidence.Method.SIMPLE_AUTHENTICATION,
        Instant.now(),
        "mobile-app",
        AuthenticationEvidence.sha256Hex("the consent text shown to the citizen"));
  }

  /** Requests and approves a one-time consent of 홍길동 for {@code items}. */
  static Consent approved(ConsentBroker broker, AgencyId consumer, DataItem... items) {
    return approved(broker, consumer, Delivery.oneTime(), items);
  }

  /** Requests and approves a consent of 홍길동 for {@code items} with {@code delivery}. */
  static Consent approved(
      ConsentBroker broker, AgencyId consumer, Delivery delivery, DataItem... items) {
    try (CitizenIdentifier ci = CitizenIdentifier.of(HONG_GILDONG_CI)) {
      Consent requested =
          broker.request(request(consumer, delivery, items), ci, UUID.randomUUID().toString());
      return broker.approve(requested.id(), ci, evidence());
    }
  }
}
