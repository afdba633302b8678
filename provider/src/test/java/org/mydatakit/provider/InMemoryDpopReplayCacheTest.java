package org.mydatakit.provider;

import org.mydatakit.grant.DpopReplayCache;

/**
 * Core's in-memory cache keeps the contract, but for the cap per key: it bounds its capacity in
 * total (that case is skipped), and it has no store that can fail.
 */
class InMemoryDpopReplayCacheTest extends DpopReplayCacheContract {
  private DpopReplayCache cache;

  @Override
  protected DpopReplayCache createCache(int capacityPerKey) {
    cache = DpopReplayCache.inMemory(100_000);
    return cache;
  }

  @Override
  protected DpopReplayCache secondNode() {
    return cache;
  }

  @Override
  protected DpopReplayCache unavailableCache() {
    return null;
  }

  @Override
  protected boolean capsPerKey() {
    return false;
  }
}
