package org.mydatakit.audit;

/** What happened: one value per broker event that the access history (제공 이력) records. */
public enum AuditEventType {
  /** A consumer asked for a consent (전송요구). */
  REQUESTED,
  /** The citizen approved it. */
  APPROVED,
  /** The citizen rejected it. */
  REJECTED,
  /** The consent was paused. */
  PAUSED,
  /** The consent was resumed. */
  RESUMED,
  /** The consent was revoked (by the citizen, the consumer, a provider or an operator). */
  REVOKED,
  /** The consent, or an unapproved request, expired. */
  EXPIRED,
  /** An amendment replacing the consent was approved. */
  SUPERSEDED,
  /** A grant was issued for one provider. */
  GRANT_ISSUED,
  /** A consumer fetched data from a provider with a grant. */
  DATA_FETCHED,
  /** The consumer attested that it erased what it fetched under the consent. */
  ERASURE_ATTESTED
}
