package org.mydatakit.internal;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A bounded cache of values derived from whole tokens (never from a part such as the signature),
 * each valid until its token's expiry. It only saves work, so when it is full of live entries it
 * simply starts again empty.
 */
public final class TokenCache<V> {
  private record Entry<V>(V value, long expiresAtSecond) {}

  private final ConcurrentHashMap<String, Entry<V>> entries = new ConcurrentHashMap<>();
  private final int capacity;
  private final Function<V, Instant> expiry;

  public TokenCache(int capacity, Function<V, Instant> expiry) {
    this.capacity = capacity;
    this.expiry = expiry;
  }

  /** The value cached for exactly this token, if it has not expired by {@code now}. */
  public V get(String token, Instant now) {
    if (capacity == 0) {
      return null;
    }
    Entry<V> entry = entries.get(token);
    if (entry == null) {
      return null;
    }
    if (entry.expiresAtSecond() < now.getEpochSecond()) {
      entries.remove(token, entry);
      return null;
    }
    return entry.value();
  }

  public void put(String token, V value, Instant now) {
    if (capacity == 0) {
      return;
    }
    if (entries.size() >= capacity) {
      long nowSecond = now.getEpochSecond();
      entries.values().removeIf(e -> e.expiresAtSecond() < nowSecond);
      if (entries.size() >= capacity) {
        entries.clear();
      }
    }
    entries.put(token, new Entry<>(value, expiry.apply(value).getEpochSecond()));
  }
}
