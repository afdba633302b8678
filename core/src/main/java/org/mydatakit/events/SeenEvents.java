package org.mydatakit.events;

import java.time.Instant;

/**
 * Remembers the {@code jti} of each Security Event Token a receiver handled, with a digest of the
 * token, so that a SET pushed again is acknowledged again without a second effect, and another
 * token under a {@code jti} already seen is refused.
 *
 * <p>The in-memory store suits one node; receivers on several nodes behind one load balancer share
 * an implementation over their database or cache (an atomic insert-if-absent keyed by {@code jti},
 * storing the digest, forgotten after {@code forgetAfter}). Implementations must be thread-safe and
 * atomic: of concurrent claims of one {@code jti}, exactly one is {@link Claim#FIRST}.
 *
 * <pre>{@code
 * SecurityEventInbox inbox = SecurityEventInbox.builder()
 *     ...
 *     .seenEvents(SeenEvents.inMemory(100_000))
 *     .build();
 * }</pre>
 */
public interface SeenEvents {

  /** What a claim found. */
  enum Claim {
    /** Not seen before (or forgotten): now recorded; the receiver handles the event. */
    FIRST,
    /** Seen before with the same token: acknowledged again, not handled again. */
    REPEATED,
    /** Seen before with another token: refused ({@code invalid_request}). */
    CONFLICT
  }

  /**
   * Records {@code jti} with the token's {@code digest} until {@code forgetAfter}, unless it is
   * recorded already (and not forgotten by {@code now}). It never answers {@link Claim#FIRST}
   * without having recorded. When it cannot record (its database is down) it throws an unchecked
   * exception: the receiver then answers {@code 503}, nothing is acknowledged, and the broker sends
   * the SET again later.
   */
  Claim claim(String jti, String digest, Instant now, Instant forgetAfter);

  /**
   * Forgets the claim of {@code jti} with {@code digest} (and nothing else), after its handling
   * failed: the broker's next attempt with the same token is then {@link Claim#FIRST} again. May
   * throw an unchecked exception if the store cannot be reached.
   */
  void release(String jti, String digest);

  /**
   * A store of at most {@code capacity} ids in memory, for one node. At capacity it forgets the
   * oldest id to make room (an event delivered again after that long is handled again, which the
   * receivers' ordering by {@code txn} makes harmless), so it never refuses for lack of room. About
   * 250 bytes per id.
   */
  static SeenEvents inMemory(int capacity) {
    return new InMemorySeenEvents(capacity);
  }
}
