package org.mydatakit.broker;

import org.mydatakit.MyDataException;
import org.mydatakit.consent.AgencyId;

/** No agency with the given id is registered. The input was wrong; retrying will not help. */
public final class AgencyNotFoundException extends MyDataException {
  private static final long serialVersionUID = 1L;

  private final AgencyId agencyId;

  /** Creates the exception for an attempt to {@code operation} the unknown {@code id}. */
  public AgencyNotFoundException(String operation, AgencyId id) {
    super("cannot " + operation + " agency " + id + ": no such agency is registered");
    this.agencyId = id;
  }

  /** The id that matched nothing. */
  public AgencyId agencyId() {
    return agencyId;
  }
}
