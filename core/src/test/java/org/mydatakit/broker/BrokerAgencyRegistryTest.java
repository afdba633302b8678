package org.mydatakit.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.mydatakit.broker.AgencyRefusedException.Reason;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.Schedule;
import org.mydatakit.store.tck.StoreFixtures;

/**
 * A broker with an agency registry takes requests only from active consumers for what they are
 * registered for, and issues no grant once the consumer or the provider is suspended.
 */
class BrokerAgencyRegistryTest {
  private final InMemoryAgencyRegistry registry = new InMemoryAgencyRegistry();
  private final InMemoryConsentStore store = new InMemoryConsentStore();
  private final BrokerFixture f = new BrokerFixture(store);
  private final ConsentBroker broker =
      ConsentBroker.builder()
          .store(store)
          .signingKeys(BrokerFixture.KEYS)
          .issuer("https://broker.example")
          .pairwiseSubjects(StoreFixtures.SUBJECTS)
          .statusListUri(URI.create("https://broker.example/status/1"))
          .approvalWindow(Duration.ofHours(1))
          .clock(f.clock)
          .agencies(registry)
          .build();

  private static Agency.Builder agency(AgencyId id, Agency.Role role) {
    return Agency.builder(id)
        .name(id.value())
        .role(role)
        .jwksUri(URI.create("https://" + id.value().toLowerCase() + ".example/jwks.json"));
  }

  private void registerAll() {
    registry.register(
        agency(StoreFixtures.KB_BANK, Agency.Role.CONSUMER)
            .allowedItem(StoreFixtures.QUALIFICATION)
            .allowedItem(StoreFixtures.INCOME)
            .purpose("loan-screening")
            .build());
    registry.register(
        agency(StoreFixtures.NHIS, Agency.Role.PROVIDER)
            .allowedItem(StoreFixtures.QUALIFICATION)
            .build());
    registry.register(
        agency(StoreFixtures.NTS, Agency.Role.PROVIDER).allowedItem(StoreFixtures.INCOME).build());
  }

  private Consent request(int citizen) {
    return broker.request(
        f.request(Delivery.periodic(Schedule.every(1, Schedule.Unit.DAYS), 10)).build(),
        StoreFixtures.citizen(citizen),
        "r-" + citizen);
  }

  private Consent active(int citizen) {
    Consent requested = request(citizen);
    return broker.approve(
        requested.id(), StoreFixtures.citizen(citizen), StoreFixtures.evidence(f.clock.instant()));
  }

  private static void refused(Runnable call, AgencyId agency, Reason reason) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            AgencyRefusedException.class,
            e -> {
              assertThat(e.agency()).isEqualTo(agency);
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.getMessage()).contains("expected");
            });
  }

  @Test
  void aRegisteredConsumerRequestsAndIsGrantedUntilItIsSuspended() {
    registerAll();
    Consent consent = active(1);
    assertThat(broker.issueGrant(consent.id(), StoreFixtures.NHIS, BrokerFixture.JKT)).isNotNull();

    registry.setStatus(StoreFixtures.KB_BANK, Agency.Status.SUSPENDED);
    long entries = store.auditHead().orElseThrow().sequence();
    refused(
        () -> broker.issueGrant(consent.id(), StoreFixtures.NHIS, BrokerFixture.JKT),
        StoreFixtures.KB_BANK,
        Reason.SUSPENDED);
    refused(() -> request(2), StoreFixtures.KB_BANK, Reason.SUSPENDED);
    assertThat(store.auditHead().orElseThrow().sequence()).as("nothing written").isEqualTo(entries);
    assertThat(store.grants(consent.id())).hasSize(1);

    registry.setStatus(StoreFixtures.KB_BANK, Agency.Status.ACTIVE);
    registry.setStatus(StoreFixtures.NTS, Agency.Status.SUSPENDED);
    refused(
        () -> broker.issueGrant(consent.id(), StoreFixtures.NTS, BrokerFixture.JKT),
        StoreFixtures.NTS,
        Reason.SUSPENDED);
    assertThat(broker.issueGrant(consent.id(), StoreFixtures.NHIS, BrokerFixture.JKT)).isNotNull();
  }

  @Test
  void requestsOutsideTheRegistrationAreRefused() {
    refused(() -> request(1), StoreFixtures.KB_BANK, Reason.NOT_REGISTERED);
    registry.register(
        agency(StoreFixtures.KB_BANK, Agency.Role.PROVIDER)
            .allowedItem(StoreFixtures.QUALIFICATION)
            .build());
    refused(() -> request(1), StoreFixtures.KB_BANK, Reason.NOT_A_CONSUMER);
    registry.update(
        agency(StoreFixtures.KB_BANK, Agency.Role.CONSUMER)
            .allowedItem(StoreFixtures.QUALIFICATION)
            .allowedItem(StoreFixtures.INCOME)
            .purpose("marketing")
            .build());
    refused(() -> request(1), StoreFixtures.KB_BANK, Reason.PURPOSE_NOT_ALLOWED);
    registry.update(
        agency(StoreFixtures.KB_BANK, Agency.Role.CONSUMER)
            .allowedItem(StoreFixtures.QUALIFICATION)
            .purpose("loan-screening")
            .build());
    refused(() -> request(1), StoreFixtures.KB_BANK, Reason.ITEM_NOT_ALLOWED); // INCOME not its
    registry.update(
        agency(StoreFixtures.KB_BANK, Agency.Role.CONSUMER)
            .allowedItem(StoreFixtures.QUALIFICATION)
            .allowedItem(StoreFixtures.INCOME)
            .purpose("loan-screening")
            .build());
    refused(() -> request(1), StoreFixtures.NHIS, Reason.NOT_REGISTERED);
    registry.register(agency(StoreFixtures.NHIS, Agency.Role.PROVIDER).build());
    refused(() -> request(1), StoreFixtures.NHIS, Reason.ITEM_NOT_ALLOWED); // serves nothing
    assertThat(store.auditHead()).as("no request was written").isEmpty();
  }
}
