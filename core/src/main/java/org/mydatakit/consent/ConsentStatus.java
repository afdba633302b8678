package org.mydatakit.consent;

import org.mydatakit.status.TokenStatus;

/**
 * Where a consent is in its lifecycle (docs/architecture.md, section 4).
 *
 * <pre>{@code
 * REQUESTED ──approve──▶ ACTIVE ◀──resume── PAUSED
 *     │                    │  └──pause──────▶  │
 *     ├─reject─▶ REJECTED  ├─revoke─▶ REVOKED ◀┘
 *     └─expire─▶ EXPIRED   ├─expire (at or after validUntil)─▶ EXPIRED
 *                          └─supersede─▶ SUPERSEDED
 * }</pre>
 *
 * <p>{@link #REJECTED}, {@link #EXPIRED}, {@link #REVOKED} and {@link #SUPERSEDED} are final: no
 * transition leaves them.
 */
public enum ConsentStatus {
  /** Asked for by a consumer, not yet decided by the citizen. */
  REQUESTED,
  /** Approved by the citizen; grants may be issued. */
  ACTIVE,
  /** Temporarily suspended; grants are refused until it is resumed. */
  PAUSED,
  /** Declined by the citizen. Final. */
  REJECTED,
  /** Its approval window or its validity ended. Final. */
  EXPIRED,
  /** Withdrawn by the citizen, the consumer, a provider or an operator. Final. */
  REVOKED,
  /** Replaced by an approved amendment. Final. */
  SUPERSEDED;

  /** Whether no transition leaves this state. */
  public boolean isFinal() {
    return this == REJECTED || this == EXPIRED || this == REVOKED || this == SUPERSEDED;
  }

  /**
   * The value a consent in this state has in the broker's status list: {@link TokenStatus#VALID}
   * for {@link #ACTIVE}, {@link TokenStatus#SUSPENDED} for {@link #PAUSED}, {@link
   * TokenStatus#INVALID} for every other state (a {@link #REQUESTED} consent must not be honoured
   * either).
   */
  public TokenStatus tokenStatus() {
    return switch (this) {
      case ACTIVE -> TokenStatus.VALID;
      case PAUSED -> TokenStatus.SUSPENDED;
      default -> TokenStatus.INVALID;
    };
  }
}
