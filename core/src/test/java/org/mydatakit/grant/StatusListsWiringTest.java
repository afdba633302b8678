package org.mydatakit.grant;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.mydatakit.grant.InvalidGrantException.Reason;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.status.InMemoryStatusListSource;
import org.mydatakit.status.StatusList;
import org.mydatakit.status.StatusListIssuer;
import org.mydatakit.status.StatusListSource;
import org.mydatakit.status.StatusLists;
import org.mydatakit.status.TokenStatus;
import org.mydatakit.store.tck.TestClock;

/**
 * A real {@link GrantVerifier} whose revocation check is {@link StatusLists}: the fixture's grants
 * point at entry 42 of {@code https://broker.example/status/1}.
 */
class StatusListsWiringTest {
  private static final URI LIST = URI.create("https://broker.example/status/1");

  private final GrantFixture f = new GrantFixture(SigningAlgorithm.ES256);
  private final TestClock listClock = TestClock.at(f.clock.instant()); // the provider's cache clock
  private final InMemoryStatusListSource memory = StatusListSource.inMemory();
  private volatile boolean down;
  private final StatusListIssuer broker =
      StatusListIssuer.builder(f.keys, GrantFixture.ISSUER)
          .ttl(Duration.ofSeconds(10))
          .clock(listClock)
          .build();
  private final GrantVerifier verifier =
      GrantVerifier.builder()
          .trustedIssuer(GrantFixture.ISSUER, f.keys.verificationKeys())
          .audience(GrantFixture.SELF)
          .revocationCheck(
              StatusLists.builder()
                  .source(
                      uri -> {
                        if (down) {
                          throw new IOException("broker unreachable");
                        }
                        return memory.fetch(uri);
                      })
                  .trustedIssuer(GrantFixture.ISSUER, f.keys.verificationKeys())
                  .clock(listClock)
                  .build())
          .clock(f.clock)
          .build();

  private void publish(TokenStatus entry42) {
    StatusList list = StatusList.builder(1000).set(42, entry42).build();
    memory.put(LIST, broker.sign(LIST, list));
  }

  private Reason rejection() {
    return GrantFixture.rejection(verifier, f.request(f.token()));
  }

  @Test
  void validEntryVerifies() throws Exception {
    publish(TokenStatus.VALID);
    assertThat(verifier.verify(f.request(f.token())).consentId()).isNotNull();
  }

  @Test
  void revokedEntryIsRejectedWithRevoked() {
    publish(TokenStatus.INVALID);
    assertThat(rejection()).isEqualTo(Reason.REVOKED);
  }

  @Test
  void suspendedEntryIsRejectedWithSuspendedThenVerifiesAfterResumeAndTtl() throws Exception {
    publish(TokenStatus.SUSPENDED);
    assertThat(rejection()).isEqualTo(Reason.SUSPENDED);
    listClock.advance(Duration.ofSeconds(5));
    publish(TokenStatus.VALID); // resumed at the broker
    assertThat(rejection()).as("still within the ttl").isEqualTo(Reason.SUSPENDED);
    listClock.advance(Duration.ofSeconds(6));
    assertThat(verifier.verify(f.request(f.token())).consentId()).isNotNull();
  }

  @Test
  void sourceDownWithoutACopyIsRejectedWithStatusUnavailable() {
    down = true;
    assertThat(rejection()).isEqualTo(Reason.STATUS_UNAVAILABLE);
  }

  @Test
  void copyOlderThanMaxAgeIsRejectedWithStatusStale() throws Exception {
    publish(TokenStatus.VALID);
    verifier.verify(f.request(f.token()));
    down = true;
    listClock.advance(Duration.ofMinutes(30));
    assertThat(verifier.verify(f.request(f.token())).consentId()).as("within max age").isNotNull();
    listClock.advance(Duration.ofMinutes(31));
    assertThat(rejection()).isEqualTo(Reason.STATUS_STALE);
  }

  @Test
  void indexBeyondTheListIsRejectedWithStatusUnavailable() {
    memory.put(LIST, broker.sign(LIST, StatusList.builder(40).build()));
    assertThat(rejection()).isEqualTo(Reason.STATUS_UNAVAILABLE);
  }
}
