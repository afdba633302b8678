package org.mydatakit.grant;

import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link DpopReplayCache} with a bounded share per DPoP key: a consumer that floods it with fresh
 * proofs fills only its own share and is refused alone. Work per call is bounded: each key's
 * entries sit in an expiry-ordered queue, so an entry is dropped once when it expires, and every
 * call sweeps a few other keys' expired entries (dropping keys left empty).
 */
final class PerKeyDpopReplayCache implements DpopReplayCache {
  /** Keys swept per call: more than the at most one key a call adds, so the sweep keeps up. */
  private static final int SWEEP_PER_CALL = 2;

  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final int maxKeys;
  private final int proofsPerKey;
  private final long maxEntries;
  private final AtomicLong entries = new AtomicLong();
  private final ReentrantLock sweepLock = new ReentrantLock();
  private Iterator<Map.Entry<String, Bucket>> sweep; // guarded by sweepLock

  PerKeyDpopReplayCache(int maxKeys, int proofsPerKey, long maxEntries) {
    if (maxKeys < 1 || proofsPerKey < 1 || maxEntries < 1) {
      throw new IllegalArgumentException(
          "replay cache: expected at least 1 key, 1 proof per key and 1 entry, got "
              + maxKeys
              + ", "
              + proofsPerKey
              + " and "
              + maxEntries);
    }
    this.maxKeys = maxKeys;
    this.proofsPerKey = proofsPerKey;
    this.maxEntries = maxEntries;
  }

  /** A key without parts is shared by its text up to the first colon, as {@code jkt:jti} is. */
  @Override
  public boolean firstUse(String key, Instant now, Instant expiresAt) {
    int colon = key.indexOf(':');
    return colon < 0
        ? firstUse(key, "", now, expiresAt)
        : firstUse(key.substring(0, colon), key.substring(colon + 1), now, expiresAt);
  }

  @Override
  public boolean firstUse(String jkt, String jti, Instant now, Instant expiresAt) {
    long nowSecond = now.getEpochSecond();
    sweep(nowSecond);
    while (true) {
      Bucket bucket = buckets.get(jkt);
      if (bucket == null) {
        if (buckets.size() >= maxKeys) {
          return false; // fail closed: no room for another key until some expire
        }
        bucket = new Bucket();
        Bucket raced = buckets.putIfAbsent(jkt, bucket);
        bucket = raced == null ? bucket : raced;
      }
      synchronized (bucket) {
        if (bucket.dead) {
          continue; // swept away meanwhile: take the key's new bucket
        }
        return bucket.record(jti, nowSecond, expiresAt.getEpochSecond());
      }
    }
  }

  /**
   * Drops the expired entries of a few keys, and the keys left empty. One caller sweeps at a time;
   * the others skip it rather than wait.
   */
  private void sweep(long nowSecond) {
    if (!sweepLock.tryLock()) {
      return;
    }
    try {
      for (int i = 0; i < SWEEP_PER_CALL; i++) {
        if (sweep == null || !sweep.hasNext()) {
          sweep = buckets.entrySet().iterator();
          if (!sweep.hasNext()) {
            return;
          }
        }
        Map.Entry<String, Bucket> next = sweep.next();
        Bucket bucket = next.getValue();
        synchronized (bucket) {
          bucket.forgetExpired(nowSecond);
          if (bucket.expiries.isEmpty() && !bucket.dead) {
            bucket.dead = true;
            buckets.remove(next.getKey(), bucket);
          }
        }
      }
    } finally {
      sweepLock.unlock();
    }
  }

  /** How many keys are held: for tests. */
  int keys() {
    return buckets.size();
  }

  /** How many proof ids are held: for tests. */
  long size() {
    return entries.get();
  }

  @Override
  public String toString() {
    return "DpopReplayCache[perKey, maxKeys="
        + maxKeys
        + ", proofsPerKey="
        + proofsPerKey
        + ", maxEntries="
        + maxEntries
        + "]";
  }

  /** One key's proof ids; guarded by its own monitor. */
  private final class Bucket {
    private record Expiry(long second, String jti) {}

    final Map<String, Long> expiries = new HashMap<>();
    final PriorityQueue<Expiry> queue =
        new PriorityQueue<>((a, b) -> Long.compare(a.second(), b.second()));
    boolean dead;

    boolean record(String jti, long nowSecond, long expirySecond) {
      forgetExpired(nowSecond);
      Long held = expiries.get(jti);
      if (held != null) {
        return false; // still live: forgetExpired dropped it otherwise
      }
      if (expiries.size() >= proofsPerKey) {
        return false; // this key's share is full: only its own proofs are refused
      }
      if (entries.incrementAndGet() > maxEntries) {
        entries.decrementAndGet();
        return false;
      }
      expiries.put(jti, expirySecond);
      queue.add(new Expiry(expirySecond, jti));
      return true;
    }

    void forgetExpired(long nowSecond) {
      while (!queue.isEmpty() && queue.peek().second() <= nowSecond) {
        Expiry expired = queue.poll();
        if (expiries.remove(expired.jti(), expired.second())) {
          entries.decrementAndGet();
        }
      }
    }
  }
}
