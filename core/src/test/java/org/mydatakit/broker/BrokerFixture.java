package org.mydatakit.broker;

import java.net.URI;
import java.time.Duration;
import java.time.Period;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.LegalBasis;
import org.mydatakit.consent.Purpose;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.store.tck.StoreFixtures;
import org.mydatakit.store.tck.TestClock;

/** A broker on an in-memory store with a clock the test moves. */
final class BrokerFixture {
  static final SigningKeySet KEYS = SigningKeySet.generate(SigningAlgorithm.ES256);
  static final String JKT = DpopKey.generate().thumbprint();

  final TestClock clock = TestClock.at(StoreFixtures.T0);
  final ConsentStore store;
  final ConsentBroker broker;

  BrokerFixture() {
    this(new InMemoryConsentStore());
  }

  BrokerFixture(ConsentStore store) {
    this.store = store;
    this.broker =
        ConsentBroker.builder()
            .store(store)
            .signingKeys(KEYS)
            .issuer("https://broker.example")
            .pairwiseSubjects(StoreFixtures.SUBJECTS)
            .statusListUri(URI.create("https://broker.example/status/1"))
            .approvalWindow(Duration.ofHours(1))
            .statusListTtl(Duration.ofSeconds(60))
            .clock(clock)
            .build();
  }

  ConsentRequest.Builder request(Delivery delivery) {
    return ConsentRequest.builder()
        .consumer(StoreFixtures.KB_BANK)
        .item(DataItem.of(StoreFixtures.NHIS, StoreFixtures.QUALIFICATION))
        .item(DataItem.of(StoreFixtures.NTS, StoreFixtures.INCOME))
        .purpose(new Purpose("loan-screening", "대출 심사", LegalBasis.PIPA_35_2))
        .delivery(delivery)
        .validity(clock.instant(), clock.instant().plus(Duration.ofDays(90)))
        .retention(Period.ofYears(1));
  }

  Consent requested(int citizen, Delivery delivery) {
    return broker.request(
        request(delivery).build(),
        StoreFixtures.citizen(citizen),
        "req-" + citizen + "-" + clock.millis());
  }

  Consent active(int citizen, Delivery delivery) {
    Consent requested = requested(citizen, delivery);
    return broker.approve(
        requested.id(), StoreFixtures.citizen(citizen), StoreFixtures.evidence(clock.instant()));
  }
}
