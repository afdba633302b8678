package org.mydatakit;

/**
 * The root of every unchecked exception that mydatakit throws on purpose.
 *
 * <p>Messages say what was expected and what arrived, in lower case, and never contain a token,
 * key, citizen identifier or fetched payload. "The input was rejected" and "we (or a dependency)
 * failed" never share a subtype: {@code ConsentStateException} is the former, store and provider
 * failures are the latter.
 */
public abstract class MyDataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected MyDataException(String message) {
    super(message);
  }

  protected MyDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
