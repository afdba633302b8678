package org.mydatakit.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SeenEvents} must do; an implementation's test extends this and names the store.
 */
abstract class SeenEventsContract {
  static final Instant T0 = Instant.parse("2026-12-07T00:00:00Z");
  static final Instant LATER = T0.plus(Duration.ofHours(24));

  /** A fresh, empty store with room for at least 1,000 ids. */
  abstract SeenEvents store();

  @Test
  void aFirstClaimIsFirstAndTheSameTokenAgainIsRepeated() {
    SeenEvents seen = store();
    assertThat(seen.claim("j-1", "d-1", T0, LATER)).isEqualTo(SeenEvents.Claim.FIRST);
    assertThat(seen.claim("j-1", "d-1", T0.plusSeconds(5), LATER))
        .isEqualTo(SeenEvents.Claim.REPEATED);
    assertThat(seen.claim("j-2", "d-1", T0, LATER)).isEqualTo(SeenEvents.Claim.FIRST);
  }

  @Test
  void anotherTokenUnderASeenJtiIsAConflictAndChangesNothing() {
    SeenEvents seen = store();
    seen.claim("j-1", "d-1", T0, LATER);
    assertThat(seen.claim("j-1", "d-2", T0, LATER)).isEqualTo(SeenEvents.Claim.CONFLICT);
    assertThat(seen.claim("j-1", "d-1", T0, LATER)).isEqualTo(SeenEvents.Claim.REPEATED);
  }

  @Test
  void anIdIsForgottenAfterItsTime() {
    SeenEvents seen = store();
    seen.claim("j-1", "d-1", T0, T0.plusSeconds(60));
    assertThat(seen.claim("j-1", "d-2", T0.plusSeconds(61), LATER))
        .isEqualTo(SeenEvents.Claim.FIRST);
  }

  @Test
  void aReleasedClaimIsFirstAgainButOnlyForItsOwnDigest() {
    SeenEvents seen = store();
    seen.claim("j-1", "d-1", T0, LATER);
    seen.release("j-1", "d-2");
    assertThat(seen.claim("j-1", "d-1", T0, LATER)).isEqualTo(SeenEvents.Claim.REPEATED);
    seen.release("j-1", "d-1");
    assertThat(seen.claim("j-1", "d-1", T0, LATER)).isEqualTo(SeenEvents.Claim.FIRST);
    seen.release("never-seen", "d-1");
  }

  @Test
  void ofConcurrentClaimsOfOneJtiExactlyOneIsFirst() throws Exception {
    SeenEvents seen = store();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (int round = 0; round < 20; round++) {
        String jti = "j-" + round;
        List<Callable<SeenEvents.Claim>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          calls.add(() -> seen.claim(jti, "d", T0, LATER));
        }
        int first = 0;
        for (Future<SeenEvents.Claim> f : pool.invokeAll(calls)) {
          first += f.get() == SeenEvents.Claim.FIRST ? 1 : 0;
        }
        assertThat(first).as(jti).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
