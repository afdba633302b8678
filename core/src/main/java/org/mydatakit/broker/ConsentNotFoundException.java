package org.mydatakit.broker;

import org.mydatakit.MyDataException;
import org.mydatakit.consent.ConsentId;

/** No consent with the given id exists. The input was wrong; retrying will not help. */
public final class ConsentNotFoundException extends MyDataException {
  private static final long serialVersionUID = 1L;

  private final ConsentId consentId;

  /** Creates the exception for an attempt to {@code operation} the unknown {@code id}. */
  public ConsentNotFoundException(String operation, ConsentId id) {
    super("cannot " + operation + " consent " + id + ": no such consent");
    this.consentId = id;
  }

  /** The id that matched nothing. */
  public ConsentId consentId() {
    return consentId;
  }
}
