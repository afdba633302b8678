package org.mydatakit.events;

import org.mydatakit.MyDataException;

/**
 * A Security Event Token that was refused, with the RFC 8935 §2.4 error code a push receiver
 * answers it with ({@code 400} and {@code {"err": code, "description": ...}}). The message never
 * quotes the token.
 */
public final class InvalidSecurityEventException extends MyDataException {
  private static final long serialVersionUID = 1L;

  /** The RFC 8935 error codes. */
  public enum Code {
    /** The token is malformed, of another type, carries no known event or a bad claim. */
    INVALID_REQUEST("invalid_request"),
    /** Its signature does not verify with the issuer's keys. */
    INVALID_KEY("invalid_key"),
    /** It is not from the trusted issuer. */
    INVALID_ISSUER("invalid_issuer"),
    /** It is addressed to another receiver. */
    INVALID_AUDIENCE("invalid_audience");

    private final String err;

    Code(String err) {
      this.err = err;
    }

    /** The {@code err} value. */
    public String err() {
      return err;
    }
  }

  private final Code code;

  InvalidSecurityEventException(Code code, String description) {
    super("security event refused: " + code.err() + " (" + description + ")");
    this.code = code;
  }

  /** The RFC 8935 error code. */
  public Code code() {
    return code;
  }
}
