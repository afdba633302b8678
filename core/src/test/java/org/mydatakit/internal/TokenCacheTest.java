package org.mydatakit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The verified-token cache: exact tokens only, never past expiry, bounded. */
class TokenCacheTest {
  private static final Instant NOW = Instant.parse("2026-11-27T03:00:00Z");

  /** A cached value that is its own expiry. */
  private static TokenCache<Instant> cache(int capacity) {
    return new TokenCache<>(capacity, expiry -> expiry);
  }

  @Test
  void aValueIsServedUpToAndIncludingItsExpirySecond() {
    TokenCache<Instant> cache = cache(10);
    Instant expiry = NOW.plusSeconds(60);
    cache.put("t1", expiry, NOW);
    assertThat(cache.get("t1", NOW)).isEqualTo(expiry);
    assertThat(cache.get("t1", expiry.plusMillis(999))).isEqualTo(expiry);
    assertThat(cache.get("t1", expiry.plusSeconds(1))).isNull();
    assertThat(cache.get("t1", NOW)).as("an expired entry is dropped").isNull();
  }

  @Test
  void onlyTheExactTokenHits() {
    TokenCache<Instant> cache = cache(10);
    cache.put("t1", NOW.plusSeconds(60), NOW);
    assertThat(cache.get("t2", NOW)).isNull();
    assertThat(cache.get("t1 ", NOW)).isNull();
  }

  @Test
  void capacityZeroCachesNothing() {
    TokenCache<Instant> cache = cache(0);
    cache.put("t1", NOW.plusSeconds(60), NOW);
    assertThat(cache.get("t1", NOW)).isNull();
  }

  @Test
  void whenFullExpiredEntriesMakeRoomAndLiveOnesStay() {
    TokenCache<Instant> cache = cache(3);
    cache.put("old1", NOW.minusSeconds(10), NOW.minusSeconds(20));
    cache.put("old2", NOW.minusSeconds(10), NOW.minusSeconds(20));
    cache.put("live", NOW.plusSeconds(60), NOW);
    cache.put("new", NOW.plusSeconds(60), NOW); // full: the two expired entries go
    assertThat(cache.get("live", NOW)).isNotNull();
    assertThat(cache.get("new", NOW)).isNotNull();
    cache.put("newer", NOW.plusSeconds(60), NOW); // three live entries now: still room
    assertThat(cache.get("live", NOW)).isNotNull();
    assertThat(cache.get("new", NOW)).isNotNull();
    assertThat(cache.get("newer", NOW)).isNotNull();
  }

  @Test
  void whenFullOfLiveEntriesItStartsAgainEmpty() {
    TokenCache<Instant> cache = cache(2);
    cache.put("a", NOW.plusSeconds(60), NOW);
    cache.put("b", NOW.plusSeconds(60), NOW);
    cache.put("c", NOW.plusSeconds(60), NOW);
    assertThat(cache.get("a", NOW)).isNull();
    assertThat(cache.get("b", NOW)).isNull();
    assertThat(cache.get("c", NOW)).isNotNull();
  }

  @Test
  void anEntryExpiringThisSecondIsStillLiveWhenMakingRoom() {
    TokenCache<Instant> cache = cache(2);
    cache.put("a", NOW, NOW);
    cache.put("b", NOW.plusSeconds(60), NOW);
    cache.put("c", NOW.plusSeconds(60), NOW); // "a" expires at NOW: live, so no room: start over
    assertThat(cache.get("a", NOW)).isNull();
    assertThat(cache.get("b", NOW)).isNull();
    assertThat(cache.get("c", NOW)).isNotNull();
  }
}
