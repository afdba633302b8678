package org.mydatakit.broker;

import org.mydatakit.MyDataException;
import org.mydatakit.consent.AgencyId;

/**
 * The broker's agency registry does not admit an agency to what was asked: a request from a
 * consumer that is not registered, suspended, not a consumer, or asks for an item or a purpose it
 * is not allowed; a grant for a consumer or provider that is no longer active. Nothing was written.
 * Retrying will not help until the registry changes.
 *
 * <pre>{@code
 * try {
 *   broker.issueGrant(consentId, provider, jkt);
 * } catch (AgencyRefusedException e) {
 *   log.warn("refused: {} {}", e.agency(), e.reason());   // answer 403
 * }
 * }</pre>
 */
public final class AgencyRefusedException extends MyDataException {
  private static final long serialVersionUID = 1L;

  /** Why the registry does not admit the agency. */
  public enum Reason {
    /** No agency with that id is registered. */
    NOT_REGISTERED,
    /** The agency is registered but suspended. */
    SUSPENDED,
    /** The agency is not registered as a consumer. */
    NOT_A_CONSUMER,
    /** The agency is not registered as a provider. */
    NOT_A_PROVIDER,
    /** The consumer may not ask for, or the provider does not serve, an item asked for. */
    ITEM_NOT_ALLOWED,
    /** The consumer may not ask for data for the purpose given. */
    PURPOSE_NOT_ALLOWED
  }

  private final AgencyId agency;
  private final Reason reason;

  /** Creates the exception; {@code expected} names what the registry would admit. */
  public AgencyRefusedException(AgencyId agency, Reason reason, String expected) {
    super("agency " + agency + " refused (" + reason + "): expected " + expected);
    this.agency = agency;
    this.reason = reason;
  }

  /** The agency refused. */
  public AgencyId agency() {
    return agency;
  }

  /** Why. */
  public Reason reason() {
    return reason;
  }
}
