package org.mydatakit.grant;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The replay cache with room to spare: an id already held is refused until its expiry second, then
 * taken again (with its new expiry), and other ids are never affected.
 */
class InMemoryDpopReplayCacheTest {
  private final DpopReplayCache cache = DpopReplayCache.inMemory(10);
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
}
