package org.mydatakit.broker;

/**
 * The store could not be reached (connection refused, timed out, closed mid-operation): nothing was
 * written. Distinguishable from other store failures so that callers can answer 503 and retry.
 */
public final class ConsentStoreUnavailableException extends ConsentStoreException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception for {@code operation}, keeping {@code cause}. */
  public ConsentStoreUnavailableException(String operation, Throwable cause) {
    super("consent store: " + operation + " failed: the database is unavailable", cause, true);
  }
}
