package org.mydatakit.grant;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/** A bounded, thread-safe {@link DpopReplayCache} that fails closed when full of live entries. */
final class InMemoryDpopReplayCache implements DpopReplayCache {
  private final ConcurrentHashMap<String, Long> expiries = new ConcurrentHashMap<>();
  private final int capacity;

  InMemoryDpopReplayCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("replay cache capacity: expected >= 1, got " + capacity);
    }
    this.capacity = capacity;
  }

  @Override
  public boolean firstUse(String key, Instant now, Instant expiresAt) {
    long nowSeconds = now.getEpochSecond();
    long expiry = expiresAt.getEpochSecond();
    if (expiries.size() >= capacity) {
      expiries.values().removeIf(e -> e <= nowSeconds);
      if (expiries.size() >= capacity) {
        return false;
      }
    }
    Long previous = expiries.putIfAbsent(key, expiry);
    if (previous == null) {
      return true;
    }
    return previous <= nowSeconds && expiries.replace(key, previous, expiry);
  }

  @Override
  public String toString() {
    return "InMemoryDpopReplayCache[capacity=" + capacity + "]";
  }
}
