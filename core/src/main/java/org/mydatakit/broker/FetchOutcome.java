package org.mydatakit.broker;

/** How a fetch ended, as the consumer reports it. */
public enum FetchOutcome {
  /** The provider delivered the records. */
  DELIVERED,
  /** The provider refused the grant (401/403). */
  REJECTED,
  /** The fetch failed otherwise (unavailable, unreadable answer). */
  FAILED
}
