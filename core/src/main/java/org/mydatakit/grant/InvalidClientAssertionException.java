package org.mydatakit.grant;

/**
 * A consumer's client assertion ({@code private_key_jwt}, RFC 7523 §2.2) was rejected: the one
 * checked exception {@link ClientAssertionVerifier#verify} throws, for any input whatsoever.
 *
 * <p>The {@link #reason()} is machine-readable and belongs in the broker's audit log; the message
 * is a stock sentence per reason that never contains the assertion, a claim value or a key. Answer
 * the caller with one stock {@code 401 invalid_client} (RFC 6749 §5.2), whatever the reason, so
 * that a forger learns nothing from the answer.
 *
 * <pre>{@code
 * try {
 *   AgencyId consumer = clients.verify(form.get("client_assertion_type"), form.get("client_assertion"));
 * } catch (InvalidClientAssertionException e) {
 *   audit.rejected(e.reason());   // e.g. EXPIRED, WRONG_AUDIENCE, REPLAYED
 *   return problem(401, "invalid_client");
 * }
 * }</pre>
 */
public final class InvalidClientAssertionException extends Exception {
  private static final long serialVersionUID = 1L;

  private final Reason reason;

  /** Creates an exception for {@code reason} with the reason's stock message. */
  public InvalidClientAssertionException(Reason reason) {
    super(reason.name() + ": " + reason.description(), null, false, false);
    this.reason = reason;
  }

  /** Why the assertion was rejected. */
  public Reason reason() {
    return reason;
  }

  /** Every reason a client assertion can be rejected for, in the order the checks run. */
  public enum Reason {
    /** No assertion was presented. */
    MISSING("no client assertion was presented"),
    /**
     * The {@code client_assertion_type} is not {@code
     * urn:ietf:params:oauth:client-assertion-type:jwt-bearer}.
     */
    WRONG_ASSERTION_TYPE("the client assertion type is not jwt-bearer"),
    /** The assertion exceeds 8 KiB; rejected before any parsing. */
    TOO_LARGE("the assertion exceeds the size limit"),
    /**
     * Not exactly three canonical base64url parts, or a header or claims set that is not one strict
     * JSON object (duplicate members, trailing data, excessive nesting).
     */
    MALFORMED("the assertion is not a well-formed compact jws"),
    /** The header carries a member other than {@code alg}, {@code typ} and {@code kid}. */
    FORBIDDEN_HEADER("the header carries a forbidden member"),
    /** The header names no algorithm, {@code none}, or one off the allow-list (ES256, PS256). */
    ALGORITHM_NOT_ALLOWED("the algorithm is not allowed"),
    /**
     * {@code typ} is present and neither {@code JWT} nor {@code client-authentication+jwt}: another
     * kind of token (a grant, a receipt, a status list) is never a client assertion.
     */
    WRONG_TYPE("the token type is wrong"),
    /** {@code iss} is missing or names no registered consumer. */
    UNKNOWN_CLIENT("the client is unknown"),
    /** {@code kid} is missing or names none of the consumer's registered keys. */
    UNKNOWN_KEY("the signing key is unknown"),
    /** The header's algorithm differs from the algorithm of the key it names. */
    ALGORITHM_MISMATCH("the algorithm does not match the key"),
    /** The signature does not verify with the consumer's key. */
    BAD_SIGNATURE("the signature is invalid"),
    /** {@code sub} is not {@code iss}: the client authenticates only as itself. */
    WRONG_SUBJECT("the subject is not the issuer"),
    /** {@code aud} is not exactly the token endpoint, as one string. */
    WRONG_AUDIENCE("the assertion is for another audience"),
    /** {@code exp}, {@code iat} or {@code jti} is absent. */
    MISSING_CLAIM("a required claim is missing"),
    /**
     * A claim has the wrong type or form: a time that is not whole epoch seconds, {@code exp}
     * before {@code iat}, a {@code jti} that is empty or longer than 256 characters.
     */
    INVALID_CLAIM("a claim is invalid"),
    /** {@code exp} has passed, beyond the allowed clock skew. */
    EXPIRED("the assertion has expired"),
    /** {@code iat} is in the future, beyond the allowed clock skew. */
    ISSUED_IN_FUTURE("the assertion was issued in the future"),
    /** {@code nbf} is present and in the future, beyond the allowed clock skew. */
    NOT_YET_VALID("the assertion is not yet valid"),
    /** {@code exp - iat} exceeds the maximum lifetime (5 minutes by default). */
    LIFETIME_TOO_LONG("the assertion lifetime exceeds the maximum"),
    /** The consumer's {@code jti} was seen before (or the replay cache is full: fail closed). */
    REPLAYED("the assertion was already used");

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
