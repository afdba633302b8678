package org.mydatakit.status;

/**
 * A status list token or its compressed list was rejected. The {@link #reason()} is
 * machine-readable; the message is a stock sentence per reason that never contains the token, a
 * claim value or a key.
 *
 * <pre>{@code
 * try {
 *   VerifiedStatusList list = verifier.verify(token, listUri);
 * } catch (StatusListException e) {
 *   log.warn("status list rejected: {}", e.reason());
 * }
 * }</pre>
 */
public final class StatusListException extends Exception {
  private static final long serialVersionUID = 1L;

  private final Reason reason;

  /** Creates an exception for {@code reason} with the reason's stock message. */
  public StatusListException(Reason reason) {
    super(reason.name() + ": " + reason.description(), null, false, false);
    this.reason = reason;
  }

  /** Why the list was rejected. */
  public Reason reason() {
    return reason;
  }

  /** Every reason a status list can be rejected for, in the order they are checked. */
  public enum Reason {
    /** The token exceeds its length cap, or its list inflates past the inflation cap. */
    TOO_LARGE("the status list exceeds the size limit"),
    /** Not a well-formed compact JWS with strict JSON, or the list is not one zlib stream. */
    MALFORMED("the status list token is malformed"),
    /** The header carries a member other than alg, typ and kid. */
    FORBIDDEN_HEADER("the header carries a forbidden member"),
    /** The algorithm is off the allow-list (ES256, PS256) or does not match the key. */
    ALGORITHM_NOT_ALLOWED("the algorithm is not allowed"),
    /** {@code typ} is missing or not exactly {@code statuslist+jwt}. */
    WRONG_TYPE("the token type is wrong"),
    /** {@code kid} is missing or names no trusted key. */
    UNKNOWN_KEY("the signing key is unknown"),
    /** The signature does not verify. */
    BAD_SIGNATURE("the signature is invalid"),
    /** {@code iss} is not exactly the trusted issuer. */
    WRONG_ISSUER("the issuer is not trusted"),
    /** {@code sub} is not the uri the list was fetched for. */
    WRONG_SUBJECT("the list is for another uri"),
    /** A required claim ({@code iat exp ttl status_list}) is missing or has the wrong type. */
    INVALID_CLAIM("a claim is missing or invalid"),
    /** {@code exp} has passed, beyond the allowed clock skew. */
    EXPIRED("the status list has expired"),
    /** {@code iat} is in the future, beyond the allowed clock skew. */
    ISSUED_IN_FUTURE("the status list was issued in the future"),
    /** {@code status_list.bits} is not 2, the only width this profile uses. */
    UNSUPPORTED_BITS("the status list width is not supported"),
    /** An entry holds 3, which the draft reserves and this profile never writes. */
    RESERVED_STATUS("the status list holds a reserved status");

    private final String description;

    Reason(String description) {
      this.description = description;
    }

    /** A stock, lower-case sentence safe to log. */
    public String description() {
      return description;
    }
  }
}
