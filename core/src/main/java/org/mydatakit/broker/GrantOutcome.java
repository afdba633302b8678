package org.mydatakit.broker;

/** What {@link ConsentStore#recordGrant} did. */
public enum GrantOutcome {
  /** The grant was recorded and one unit of its period's budget consumed. */
  RECORDED,
  /** The consent is unknown. */
  UNKNOWN_CONSENT,
  /** The consent is not ACTIVE (any more): nothing was recorded. */
  NOT_ACTIVE,
  /** The period's budget is used up: nothing was recorded. */
  BUDGET_EXHAUSTED
}
