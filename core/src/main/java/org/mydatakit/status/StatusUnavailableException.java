package org.mydatakit.status;

/**
 * A consent's status could not be determined: no status list could be fetched or verified, or the
 * only copy at hand is older than its maximum age. Verifiers fail closed on it.
 */
public final class StatusUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  private final boolean stale;

  /** Creates the exception; {@code stale} distinguishes "too old" from "not available". */
  public StatusUnavailableException(String message, boolean stale, Throwable cause) {
    super(message, cause);
    this.stale = stale;
  }

  /** True if a list was available but older than its maximum age. */
  public boolean stale() {
    return stale;
  }
}
