package org.mydatakit.status;

/**
 * The status of one entry in a Token Status List (IETF OAuth Token Status List), as mydatakit uses
 * it: two bits per consent.
 *
 * <p>An ACTIVE consent is {@link #VALID}, a PAUSED one {@link #SUSPENDED}, every final state {@link
 * #INVALID}.
 */
public enum TokenStatus {
  /** 0: the consent is active; grants for it may be honoured. */
  VALID(0),
  /** 1: the consent ended (revoked, expired, superseded, rejected); never honour a grant. */
  INVALID(1),
  /** 2: the consent is paused; refuse grants until it is resumed. */
  SUSPENDED(2);

  private final int bits;

  TokenStatus(int bits) {
    this.bits = bits;
  }

  /** The two-bit value stored in the list. */
  public int bits() {
    return bits;
  }

  /**
   * Returns the status for a two-bit value.
   *
   * @throws IllegalArgumentException for 3 (reserved by the draft for application use, unused here)
   *     or any value outside 0..3
   */
  public static TokenStatus ofBits(int bits) {
    for (TokenStatus s : values()) {
      if (s.bits == bits) {
        return s;
      }
    }
    throw new IllegalArgumentException("token status: expected 0, 1 or 2, got " + bits);
  }
}
