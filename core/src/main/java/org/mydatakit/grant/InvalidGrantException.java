package org.mydatakit.grant;

/**
 * A presented grant (or its DPoP proof) was rejected: the one checked exception {@link
 * GrantVerifier#verify} throws, for any input whatsoever; {@link DpopProofVerifier#verify} throws
 * it too, with a {@code DPOP_*} reason, for a proof sent before any grant exists.
 *
 * <p>The {@link #reason()} is machine-readable and belongs in the provider's audit log; the message
 * is a stock sentence per reason that never contains the token, the proof, a claim value or a key.
 * Answer the caller with a stock problem body (RFC 9457), not with the reason, so that a forger
 * learns as little as possible.
 *
 * <pre>{@code
 * try {
 *   VerifiedGrant grant = verifier.verify(request);
 * } catch (InvalidGrantException e) {
 *   audit.rejected(e.reason());   // e.g. EXPIRED, REVOKED, DPOP_REPLAY
 *   return problem(401);
 * }
 * }</pre>
 */
public final class InvalidGrantException extends Exception {
  private static final long serialVersionUID = 1L;

  private final Reason reason;

  /** Creates an exception for {@code reason} with the reason's stock message. */
  public InvalidGrantException(Reason reason) {
    super(reason.name() + ": " + reason.description(), null, false, false);
    this.reason = reason;
  }

  /** Why the grant was rejected. */
  public Reason reason() {
    return reason;
  }

  /** Every reason a grant can be rejected for, cheapest checks first. */
  public enum Reason {
    /** The token exceeds 8 KiB; rejected before any parsing. */
    TOO_LARGE("the token exceeds the size limit"),
    /**
     * Not exactly three canonical base64url parts, or a header or claims set that is not one strict
     * JSON object (duplicate members, trailing data, excessive nesting).
     */
    MALFORMED("the token is not a well-formed compact jws"),
    /** The header names no algorithm, {@code none}, or one off the allow-list (ES256, PS256). */
    ALGORITHM_NOT_ALLOWED("the algorithm is not allowed"),
    /** The header's algorithm differs from the algorithm of the key it names. */
    ALGORITHM_MISMATCH("the algorithm does not match the key"),
    /**
     * The header carries a member the profile forbids ({@code jwk}, {@code jku}, {@code x5u},
     * {@code x5c}, {@code crit}, {@code b64}, {@code zip}, …) or any member other than alg, typ and
     * kid.
     */
    FORBIDDEN_HEADER("the header carries a forbidden member"),
    /** {@code typ} is missing or not exactly {@code mydata-grant+jwt}. */
    WRONG_TYPE("the token type is wrong"),
    /** {@code kid} is missing or names no trusted key. */
    UNKNOWN_KEY("the signing key is unknown"),
    /** The signature does not verify. */
    BAD_SIGNATURE("the signature is invalid"),
    /** {@code iss} is not exactly the trusted issuer. */
    WRONG_ISSUER("the issuer is not trusted"),
    /** {@code aud} is not exactly this provider agency, alone. */
    WRONG_AUDIENCE("the grant is for another audience"),
    /** A required claim is absent. */
    MISSING_CLAIM("a required claim is missing"),
    /** A claim has the wrong type or form. */
    INVALID_CLAIM("a claim is invalid"),
    /** {@code exp} has passed, beyond the allowed clock skew. */
    EXPIRED("the grant has expired"),
    /** {@code nbf} is in the future, beyond the allowed clock skew. */
    NOT_YET_VALID("the grant is not yet valid"),
    /** {@code iat} is in the future, beyond the allowed clock skew. */
    ISSUED_IN_FUTURE("the grant was issued in the future"),
    /** {@code exp - iat} exceeds the maximum grant lifetime. */
    LIFETIME_TOO_LONG("the grant lifetime exceeds the maximum"),
    /** The requested item is not in the grant's {@code scope}. */
    INSUFFICIENT_SCOPE("the grant does not cover the requested item"),
    /** No DPoP proof was presented. */
    DPOP_MISSING("a dpop proof is required"),
    /**
     * The DPoP proof is malformed, badly signed, of the wrong type or algorithm, carries a private
     * key, or lacks a required claim.
     */
    DPOP_INVALID("the dpop proof is invalid"),
    /** The proof's key is not the key the grant is bound to ({@code cnf.jkt}). */
    DPOP_KEY_MISMATCH("the dpop key does not match the grant"),
    /** The proof's {@code htm} is not the request's method. */
    DPOP_METHOD_MISMATCH("the dpop proof is for another method"),
    /** The proof's {@code htu} is not the request's URL. */
    DPOP_URL_MISMATCH("the dpop proof is for another url"),
    /**
     * The proof's {@code iat} is too old, or in the future beyond the allowed skew, however far
     * (even beyond any date).
     */
    DPOP_STALE("the dpop proof is not fresh"),
    /**
     * The proof's {@code ath} is missing or is not the hash of the presented grant; or, where no
     * grant is presented ({@link DpopProofVerifier}), the proof carries one.
     */
    DPOP_ATH_MISMATCH("the dpop proof is for another grant"),
    /** The proof's {@code jti} was seen before (or the replay cache is full: fail closed). */
    DPOP_REPLAY("the dpop proof was already used"),
    /**
     * The replay cache could not be reached or could not record the proof (a shared cache's
     * database or Redis is down): a fault, not a rejection of the proof; fail closed and retry.
     */
    REPLAY_CACHE_UNAVAILABLE("the dpop replay cache could not be reached"),
    /** The grant carries no status reference but revocation checking is on. */
    STATUS_MISSING("the grant carries no status reference"),
    /** The consent was revoked or has otherwise ended (status INVALID). */
    REVOKED("the consent was revoked or has ended"),
    /** The consent is paused (status SUSPENDED). */
    SUSPENDED("the consent is suspended"),
    /** No status list could be obtained, or it failed verification. */
    STATUS_UNAVAILABLE("the consent status could not be determined"),
    /** The provider's copy of the status list is older than its maximum age: fail closed. */
    STATUS_STALE("the consent status is stale");

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
