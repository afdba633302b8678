package org.mydatakit.consent;

import java.util.Optional;
import org.mydatakit.MyDataException;

/**
 * Thrown when a lifecycle operation is not allowed in a consent's current state, such as revoking a
 * consent that was rejected. The input was wrong, not the system: retrying will not help.
 *
 * <pre>{@code
 * try {
 *   consent = broker.revoke(consent.id(), RevokedBy.CITIZEN, "no longer needed");
 * } catch (ConsentStateException e) {
 *   // e.from() == REJECTED, e.to() == REVOKED
 *   // e.getMessage(): "cannot revoke consent 0190...: state REJECTED is final"
 * }
 * }</pre>
 *
 * <p>The message may name the consent id and the states; it never contains a subject id or a
 * citizen identifier.
 */
public final class ConsentStateException extends MyDataException {
  private static final long serialVersionUID = 1L;

  private final String operation;
  private final transient Optional<ConsentId> consentId;
  private final ConsentStatus from;
  private final ConsentStatus to;
  private final String why;

  /**
   * Creates the exception for an attempt to {@code operation} (a lower-case verb such as {@code
   * "revoke"}) the consent {@code consentId} from state {@code from} to state {@code to}, refused
   * because of {@code why} (lower case, no personal data).
   */
  public ConsentStateException(
      String operation,
      Optional<ConsentId> consentId,
      ConsentStatus from,
      ConsentStatus to,
      String why) {
    super(
        "cannot " + operation + " consent" + consentId.map(id -> " " + id).orElse("") + ": " + why);
    this.operation = operation;
    this.consentId = consentId;
    this.from = from;
    this.to = to;
    this.why = why;
  }

  /** The refused operation, a lower-case verb such as {@code "revoke"}. */
  public String operation() {
    return operation;
  }

  /** The consent concerned, when known. */
  public Optional<ConsentId> consentId() {
    return consentId == null ? Optional.empty() : consentId;
  }

  /** The state the consent was in. */
  public ConsentStatus from() {
    return from;
  }

  /** The state the refused operation would have led to. */
  public ConsentStatus to() {
    return to;
  }

  /** Why the operation was refused, in lower case, such as {@code "state REJECTED is final"}. */
  public String why() {
    return why;
  }
}
