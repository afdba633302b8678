package org.mydatakit.broker;

import org.mydatakit.MyDataException;

/**
 * The store failed: the database reported an error, so the operation's outcome is whatever the
 * store's transaction did — for every implementation, nothing. Not a rejection of the input:
 * retrying later may succeed. The cause is kept; the message names the operation, never data.
 */
public class ConsentStoreException extends MyDataException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception for {@code operation}, keeping {@code cause}. */
  public ConsentStoreException(String operation, Throwable cause) {
    super("consent store: " + operation + " failed", cause);
  }

  /** For subclasses with their own message. */
  protected ConsentStoreException(String message, Throwable cause, boolean own) {
    super(message, cause);
  }
}
