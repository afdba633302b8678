package org.mydatakit.internal;

/**
 * A signed envelope (compact JWS) that failed a structural or signature check. Carries only the
 * {@link Fault}; callers translate it into their own typed reason (a grant's, a status list's, a
 * checkpoint's). Never carries the token.
 */
public final class JwsException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What was wrong with the envelope, in the order the checks run. */
  public enum Fault {
    /** Longer than the caller's cap. */
    TOO_LARGE("the token exceeds the size limit"),
    /** Not three canonical base64url parts around one strict JSON header (or payload). */
    MALFORMED("the token is not a well-formed compact jws"),
    /** A header member other than {@code alg}, {@code typ} and {@code kid}. */
    FORBIDDEN_HEADER("the header carries a forbidden member"),
    /** An {@code alg} other than ES256 or PS256. */
    ALGORITHM_NOT_ALLOWED("the algorithm is not allowed"),
    /** The {@code typ} is not the one required. */
    WRONG_TYPE("the token type is wrong"),
    /** No trusted key has the {@code kid}. */
    UNKNOWN_KEY("the signing key is unknown"),
    /** The {@code alg} differs from the algorithm of the key the {@code kid} names. */
    ALGORITHM_MISMATCH("the algorithm does not match the key"),
    /** The signature does not verify. */
    BAD_SIGNATURE("the signature is invalid");

    private final String description;

    Fault(String description) {
      this.description = description;
    }

    /** A short English description, safe to log (it never quotes the token). */
    public String description() {
      return description;
    }
  }

  private final Fault fault;

  public JwsException(Fault fault) {
    super("signed envelope rejected: " + fault, null, false, false);
    this.fault = fault;
  }

  public Fault fault() {
    return fault;
  }
}
