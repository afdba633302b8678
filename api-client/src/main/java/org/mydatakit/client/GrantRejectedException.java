package org.mydatakit.client;

import java.util.Optional;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ItemCode;

/**
 * The provider agency refused the grant (401 or 403): expired, revoked, out of scope, a bad proof.
 * Not retried; the client forgets the cached grant, so the next fetch asks the broker for a new
 * one.
 *
 * <pre>{@code
 * catch (GrantRejectedException e) {
 *   if (e.reason().filter("REVOKED"::equals).isPresent()) { markConsentRevoked(consentId); }
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe once thrown.
 */
public final class GrantRejectedException extends ProviderException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String reason;

  /** For the client and tests; {@code reason} may be null. */
  public GrantRejectedException(
      AgencyId agency,
      ItemCode item,
      String transactionId,
      int attempts,
      int status,
      String reason) {
    super(
        "grant rejected with status " + status + (reason == null ? "" : ", reason " + reason),
        agency,
        item,
        transactionId,
        attempts,
        null);
    this.status = status;
    this.reason = reason;
  }

  /** 401 or 403. */
  public int status() {
    return status;
  }

  /**
   * The problem body's {@code reason}, when the agency sent one that is a plain code (letters,
   * digits, {@code _ . -}, at most 64 characters); anything else is dropped.
   */
  public Optional<String> reason() {
    return Optional.ofNullable(reason);
  }
}
