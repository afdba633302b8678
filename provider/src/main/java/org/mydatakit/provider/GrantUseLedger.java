package org.mydatakit.provider;

import java.time.Instant;
import org.mydatakit.consent.ItemCode;

/**
 * Where a provider agency remembers which (grant, item) pairs it has delivered, so that a grant
 * authorises one delivery of each item in its scope and a consent's budget counts deliveries, not
 * grants.
 *
 * <p>A use is claimed <em>before</em> the record is released. A second claim of the same pair is
 * {@link Use#USED}, unless it carries the same non-null idempotency key as the first: then it is a
 * retry after a lost response, {@link Use#RETRY}, answered again without consuming anything.
 *
 * <p>Three implementations pass one contract suite: {@link #inMemory()} for one node, {@code
 * JdbcGrantUseLedger} (the agency's own H2 or PostgreSQL) and {@code RedisGrantUseLedger} for
 * several nodes behind one load balancer. Implementations must be thread-safe and atomic across
 * every node that shares them: of any number of concurrent first claims of one pair, exactly one is
 * {@link Use#FIRST}. A ledger that cannot answer throws {@link LedgerUnavailableException}, and the
 * gate delivers nothing.
 *
 * <pre>{@code
 * ProviderGate gate = ProviderGate.builder()
 *     ...
 *     .ledger(GrantUseLedger.inMemory())
 *     .build();
 * }</pre>
 */
public interface GrantUseLedger {

  /** What a claim found. */
  enum Use {
    /** The pair was not used before: deliver, the use is now recorded. */
    FIRST,
    /** The same pair and idempotency key were claimed before: deliver the same records again. */
    RETRY,
    /** The pair was used before under another (or no) idempotency key: refuse. */
    USED
  }

  /**
   * Claims the delivery of {@code item} under the grant {@code grantId}.
   *
   * @param idempotencyKey the request's {@code Idempotency-Key}, or null if it sent none (then no
   *     retry can be recognised)
   * @param forgetAfter when the record may be dropped: after the grant's expiry plus the clock
   *     skew, when no verifier would accept the grant anyway
   * @throws LedgerUnavailableException if the ledger cannot be reached or cannot record
   */
  Use claim(String grantId, ItemCode item, String idempotencyKey, Instant now, Instant forgetAfter)
      throws LedgerUnavailableException;

  /**
   * A bounded in-memory ledger for one node. When it holds {@code capacity} live uses it refuses
   * new ones ({@link LedgerUnavailableException}) until some expire: size it for the peak number of
   * deliveries within one grant lifetime.
   */
  static GrantUseLedger inMemory(int capacity) {
    return new InMemoryGrantUseLedger(capacity);
  }

  /** {@link #inMemory(int)} with room for 1,000,000 uses. */
  static GrantUseLedger inMemory() {
    return inMemory(1_000_000);
  }
}
