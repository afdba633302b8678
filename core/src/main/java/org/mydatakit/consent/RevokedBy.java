package org.mydatakit.consent;

/** Who revoked a consent; kept with the consent and shown in the citizen's history. */
public enum RevokedBy {
  /** The citizen (or their representative) withdrew the consent. */
  CITIZEN,
  /** The consumer no longer needs the data. */
  CONSUMER,
  /** A provider agency stopped honouring the consent. */
  PROVIDER,
  /** A broker operator ended it, for example after a complaint or a security incident. */
  OPERATOR
}
