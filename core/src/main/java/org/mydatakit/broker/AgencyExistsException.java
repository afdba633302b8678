package org.mydatakit.broker;

import org.mydatakit.MyDataException;
import org.mydatakit.consent.AgencyId;

/**
 * An agency with the given id is already registered, so {@link AgencyRegistry#register} changed
 * nothing. The input was wrong (use {@link AgencyRegistry#update} to replace it); retrying will not
 * help.
 */
public final class AgencyExistsException extends MyDataException {
  private static final long serialVersionUID = 1L;

  private final AgencyId agencyId;

  /** Creates the exception for the already registered {@code id}. */
  public AgencyExistsException(AgencyId id) {
    super("cannot register agency " + id + ": expected a new id, it is already registered");
    this.agencyId = id;
  }

  /** The id that is already registered. */
  public AgencyId agencyId() {
    return agencyId;
  }
}
