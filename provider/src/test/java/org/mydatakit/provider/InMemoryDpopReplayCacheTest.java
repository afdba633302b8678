package org.mydatakit.provider;

import static org.assertj.core.api.Assertions.assertThat;

import org.mydatakit.grant.DpopReplayCache;

/**
 * Core's in-memory cache (the gate's default, {@link DpopReplayCache#perKey}) keeps the contract:
 * its capacity is bounded per DPoP key, and having no store that can fail, it fails closed when it
 * is full of live keys instead.
 */
class InMemoryDpopReplayCacheTest extends DpopReplayCacheContract {
  private DpopReplayCache cache;

  @Override
  protected DpopReplayCache createCache(int capacityPerKey) {
    cache = DpopReplayCache.perKey(1_000, capacityPerKey);
    return cache;
  }

  @Override
  protected DpopReplayCache secondNode() {
    return cache;
  }

  /** A cache for one key only, already holding a live proof of another key. */
  @Override
  protected DpopReplayCache unavailableCache() {
    DpopReplayCache full = DpopReplayCache.perKey(1, 10);
    assertThat(full.firstUse("another-key", "jti-0", t0, expiresAt)).isTrue();
    return full;
  }

  @Override
  protected void assertRefusesWhenItCannotRecord(DpopReplayCache down) {
    assertThat(down.firstUse(KEY_A, "jti-1", t0, expiresAt)).isFalse();
    assertThat(down.firstUse("client:c1:jti-1", t0, expiresAt)).isFalse();
  }
}
