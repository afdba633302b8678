package org.mydatakit.grant;

import java.time.Instant;

/**
 * Remembers DPoP proof ids ({@code jti}) so that a proof is accepted once. The verifier records a
 * key per proof until the proof could no longer pass the freshness check anyway.
 *
 * <p>The in-memory implementation suits one provider node; several nodes behind one load balancer
 * need a shared implementation (a database or cache with an atomic put-if-absent). Implementations
 * must be thread-safe and atomic: of two concurrent calls with one key, exactly one may return
 * true.
 *
 * <pre>{@code
 * DpopReplayCache cache = DpopReplayCache.inMemory(100_000);
 * }</pre>
 */
public interface DpopReplayCache {

  /**
   * Records {@code key} until {@code expiresAt} and returns true if it was not already recorded (or
   * its record had expired by {@code now}). Returns false for a replay, and should return false
   * (fail closed) when it cannot record.
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
   * A bounded in-memory cache. When it holds {@code capacity} live entries it refuses new proofs
   * until some expire: size it for the peak number of proofs within one proof lifetime.
   */
  static DpopReplayCache inMemory(int capacity) {
    return new InMemoryDpopReplayCache(capacity);
  }
}
