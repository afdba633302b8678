package org.mydatakit.grant;

import java.time.Instant;

/**
 * Remembers DPoP proof ids ({@code jti}) so that a proof is accepted once. The verifier records a
 * key per proof until the proof could no longer pass the freshness check anyway.
 *
 * <p>The in-memory implementations suit one provider node; several nodes behind one load balancer
 * need a shared implementation (a database or cache with an atomic put-if-absent). Implementations
 * must be thread-safe and atomic: of two concurrent calls with one key, exactly one may return
 * true.
 *
 * <pre>{@code
 * DpopReplayCache cache = DpopReplayCache.perKey(100_000, 10_000);
 * }</pre>
 */
public interface DpopReplayCache {

  /**
   * Records {@code key} until {@code expiresAt} and returns true if it was not already recorded (or
   * its record had expired by {@code now}). Returns false for a replay (and for a proof over a
   * bounded cache's capacity). When it cannot record — its database or Redis is down — it throws an
   * unchecked exception: the verifier then refuses the proof as {@code REPLAY_CACHE_UNAVAILABLE}, a
   * fault distinguishable from a replay. It never returns true without having recorded.
   */
  boolean firstUse(String key, Instant now, Instant expiresAt);

  /**
   * Records the proof {@code jti} of the DPoP key with thumbprint {@code jkt}, as {@link
   * #firstUse(String, Instant, Instant)} does; the verifier calls this one. Implementations that
   * bound their capacity per key override it, so that a consumer who floods the cache with fresh
   * proofs only refuses its own. The default records {@code jkt + ":" + jti}.
   */
  default boolean firstUse(String jkt, String jti, Instant now, Instant expiresAt) {
    return firstUse(jkt + ":" + jti, now, expiresAt);
  }

  /**
   * A bounded in-memory cache of {@code capacity} proof ids in all, of which one DPoP key may hold
   * a tenth (at least one): a consumer that floods it refuses its own proofs, and it takes ten
   * keys' floods to refuse everyone. Size it for the peak number of proofs within one proof
   * lifetime; prefer {@link #perKey} for many consumers.
   */
  static DpopReplayCache inMemory(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("replay cache capacity: expected >= 1, got " + capacity);
    }
    return new PerKeyDpopReplayCache(capacity, Math.max(1, capacity / 10), capacity);
  }

  /**
   * A bounded in-memory cache with a share per DPoP key ({@code jkt}): at most {@code proofsPerKey}
   * live proof ids per key, so a consumer that floods it with fresh proofs is refused alone, and at
   * most {@code maxKeys} keys (a new key is refused while that many hold live proofs). Entries are
   * forgotten when their proof could no longer pass the freshness check, and keys with no live
   * entry are dropped; each call does a bounded amount of that sweeping.
   *
   * <p>Memory is bounded by {@code maxKeys × proofsPerKey} ids; in practice by the proofs accepted
   * within one proof lifetime (by default 91 s), since nothing outlives it. With a grant, a key
   * must be the one the broker bound the grant to, so only consumers holding grants add keys.
   *
   * <pre>{@code
   * GrantVerifier.builder()...replayCache(DpopReplayCache.perKey(100_000, 10_000))
   * }</pre>
   *
   * @param maxKeys the most DPoP keys held at once, at least 1
   * @param proofsPerKey the most live proofs per key, at least 1; size it for the peak requests of
   *     one consumer within one proof lifetime
   */
  static DpopReplayCache perKey(int maxKeys, int proofsPerKey) {
    return new PerKeyDpopReplayCache(maxKeys, proofsPerKey, Long.MAX_VALUE);
  }
}
