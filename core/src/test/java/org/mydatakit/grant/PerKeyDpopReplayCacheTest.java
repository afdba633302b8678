package org.mydatakit.grant;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.mydatakit.grant.InvalidGrantException.Reason;
import org.mydatakit.keys.SigningAlgorithm;

/**
 * The replay cache: an id already held is refused until its expiry second, then taken again (with
 * its new expiry); each DPoP key has its own bounded share, so a flood refuses only its sender; and
 * expired ids and idle keys are forgotten.
 */
class PerKeyDpopReplayCacheTest {
  private final DpopReplayCache cache = DpopReplayCache.perKey(10, 10);
  private final Instant now = GrantFixture.NOW;

  @Test
  void aHeldIdIsRefusedUntilItsExpirySecondAndThenTakenAgain() {
    assertThat(cache.firstUse("k:1", now, now.plusSeconds(10))).isTrue();
    assertThat(cache.firstUse("k:2", now, now.plusSeconds(30))).isTrue();
    assertThat(cache.firstUse("k:1", now.plusSeconds(9), now.plusSeconds(20)))
        .as("one second before its expiry")
        .isFalse();
    assertThat(cache.firstUse("k:1", now.plusSeconds(10), now.plusSeconds(20)))
        .as("its expiry second has come")
        .isTrue();
    assertThat(cache.firstUse("k:1", now.plusSeconds(19), now.plusSeconds(40)))
        .as("held again, until the new expiry")
        .isFalse();
    assertThat(cache.firstUse("k:2", now.plusSeconds(19), now.plusSeconds(40)))
        .as("another id keeps its own expiry")
        .isFalse();
  }

  @Test
  void aConsumerFloodingFreshProofsDoesNotRefuseAnother() {
    PerKeyDpopReplayCache perKey = new PerKeyDpopReplayCache(100_000, 10_000, Long.MAX_VALUE);
    Instant expiry = now.plusSeconds(91);
    int accepted = 0;
    for (int i = 0; i < 100_000; i++) {
      if (perKey.firstUse("flooder-jkt", "jti-" + i, now, expiry)) {
        accepted++;
      }
    }
    assertThat(accepted).as("the flooder fills its own share only").isEqualTo(10_000);
    assertThat(perKey.size()).isEqualTo(10_000);
    assertThat(perKey.firstUse("honest-jkt", "jti-0", now, expiry))
        .as("another consumer's fresh proof")
        .isTrue();
    assertThat(perKey.firstUse("honest-jkt", "jti-0", now, expiry)).as("and its replay").isFalse();
  }

  @Test
  void theDefaultOfTheVerifierHasAShareLargerThanOneAndSmallerThanAll() {
    DpopReplayCache cache = DpopReplayCache.inMemory(100);
    Instant expiry = now.plusSeconds(91);
    for (int i = 0; i < 100; i++) {
      cache.firstUse("flooder-jkt", "jti-" + i, now, expiry);
    }
    assertThat(cache.firstUse("honest-jkt", "jti-0", now, expiry)).isTrue();
  }

  @Test
  void expiredIdsAndKeysWithNothingLiveAreForgotten() {
    PerKeyDpopReplayCache perKey = new PerKeyDpopReplayCache(1_000, 10, Long.MAX_VALUE);
    for (int k = 0; k < 1_000; k++) {
      for (int i = 0; i < 5; i++) {
        assertThat(perKey.firstUse("jkt-" + k, "jti-" + i, now, now.plusSeconds(60))).isTrue();
      }
    }
    assertThat(perKey.keys()).isEqualTo(1_000);
    assertThat(perKey.firstUse("late-jkt", "jti", now, now.plusSeconds(60)))
        .as("no room for another key while 1,000 hold live proofs")
        .isFalse();
    Instant later = now.plusSeconds(60);
    for (int i = 0; i < 600; i++) {
      perKey.firstUse("one-jkt", "later-" + i % 10, later, later.plusSeconds(1));
    }
    assertThat(perKey.keys()).as("idle keys swept a few per call").isLessThanOrEqualTo(1);
    assertThat(perKey.size()).isLessThanOrEqualTo(10);
    assertThat(perKey.firstUse("late-jkt", "jti", later, later.plusSeconds(60))).isTrue();
  }

  @Test
  void aFloodThroughTheVerifierIsRefusedAsReplayWhileAnotherConsumerIsServed() throws Exception {
    GrantFixture flooder = new GrantFixture(SigningAlgorithm.ES256);
    GrantFixture honest = new GrantFixture(SigningAlgorithm.ES256, flooder.keys);
    GrantVerifier verifier =
        flooder.verifierBuilder().replayCache(DpopReplayCache.perKey(1_000, 1_000)).build();
    String flooderGrant = flooder.token();
    int refused = 0;
    for (int i = 0; i < 2_000; i++) {
      try {
        verifier.verify(flooder.request(flooderGrant));
      } catch (InvalidGrantException e) {
        assertThat(e.reason()).isEqualTo(Reason.DPOP_REPLAY);
        refused++;
      }
    }
    assertThat(refused).as("everything past the flooder's share").isEqualTo(1_000);
    assertThat(verifier.verify(honest.request(honest.token())).consentId()).isNotNull();
  }
}
