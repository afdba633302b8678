package org.mydatakit.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.RevokedBy;
import org.mydatakit.consent.Schedule;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.grant.Grant;
import org.mydatakit.grant.GrantRequest;
import org.mydatakit.grant.GrantVerifier;
import org.mydatakit.grant.InvalidGrantException;
import org.mydatakit.grant.InvalidGrantException.Reason;
import org.mydatakit.status.InMemoryStatusListSource;
import org.mydatakit.status.StatusListSource;
import org.mydatakit.status.StatusLists;
import org.mydatakit.store.tck.StoreFixtures;

/**
 * A revoke or pause at the broker reaches a provider through the signed status list within its ttl,
 * with nothing calling the provider.
 */
class BrokerStatusListTest {
  private static final URI LIST = URI.create("https://broker.example/status/1");
  private static final URI URL =
      URI.create("https://api.nhis.example/mydata/v1/items/nhis.qualification");

  private final BrokerFixture f = new BrokerFixture();
  private final InMemoryStatusListSource published = StatusListSource.inMemory();
  private final DpopKey consumer = DpopKey.generate().withClock(f.clock);
  private final GrantVerifier nhis =
      GrantVerifier.builder()
          .trustedIssuer("https://broker.example", BrokerFixture.KEYS.verificationKeys())
          .audience(StoreFixtures.NHIS)
          .revocationCheck(
              StatusLists.builder()
                  .source(published)
                  .trustedIssuer("https://broker.example", BrokerFixture.KEYS.verificationKeys())
                  .clock(f.clock)
                  .build())
          .clock(f.clock)
          .build();

  private void publishAndWaitTtl() {
    published.put(LIST, f.broker.statusList());
    f.clock.advance(Duration.ofSeconds(61));
  }

  private Reason outcome(Grant grant) {
    GrantRequest request =
        GrantRequest.builder()
            .grant(grant.token())
            .dpopProof(consumer.proof("GET", URL, grant.token()))
            .method("GET")
            .url(URL)
            .item(StoreFixtures.QUALIFICATION)
            .build();
    InvalidGrantException e =
        catchThrowableOfType(InvalidGrantException.class, () -> nhis.verify(request));
    return e == null ? null : e.reason();
  }

  private Grant grant(Consent consent) {
    return f.broker.issueGrant(consent.id(), StoreFixtures.NHIS, consumer.thumbprint());
  }

  @Test
  void pauseSuspendsResumeRestoresRevokeEnds() {
    Consent active = f.active(1, Delivery.periodic(Schedule.every(1, Schedule.Unit.DAYS), 10));
    publishAndWaitTtl();
    Grant grant = grant(active);
    assertThat(outcome(grant)).isNull();

    f.broker.pause(active.id());
    assertThat(outcome(grant)).as("within the ttl the provider still has the old list").isNull();
    publishAndWaitTtl();
    assertThat(outcome(grant)).isEqualTo(Reason.SUSPENDED);

    f.broker.resume(active.id());
    publishAndWaitTtl();
    assertThat(outcome(grant)).isNull();

    f.broker.revoke(active.id(), RevokedBy.CITIZEN, "no longer needed");
    publishAndWaitTtl();
    assertThat(outcome(grant)).isEqualTo(Reason.REVOKED);
  }

  @Test
  void everyApprovedConsentHasItsSlot() throws Exception {
    Consent a = f.active(1, Delivery.oneTime());
    Consent b = f.active(2, Delivery.oneTime());
    f.broker.revoke(b.id(), RevokedBy.CONSUMER, "closed the loan");
    Consent c = f.active(3, Delivery.oneTime());
    f.broker.pause(c.id());
    publishAndWaitTtl();
    org.mydatakit.status.StatusList list =
        org.mydatakit.status.StatusListVerifier.builder()
            .trustedIssuer("https://broker.example", BrokerFixture.KEYS.verificationKeys())
            .clock(f.clock)
            .build()
            .verifyAnySubject(published.fetch(LIST))
            .list();
    assertThat(list.get(a.statusIndex().getAsLong()))
        .isEqualTo(org.mydatakit.status.TokenStatus.VALID);
    assertThat(list.get(b.statusIndex().getAsLong()))
        .isEqualTo(org.mydatakit.status.TokenStatus.INVALID);
    assertThat(list.get(c.statusIndex().getAsLong()))
        .isEqualTo(org.mydatakit.status.TokenStatus.SUSPENDED);
  }
}
