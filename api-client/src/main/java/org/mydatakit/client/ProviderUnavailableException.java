package org.mydatakit.client;

import java.util.OptionalInt;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ItemCode;

/**
 * The provider agency could not be reached or did not serve the request: connection failures,
 * timeouts, an interrupted body, a 5xx (after the retries the policy allows), a 429 or 503 whose
 * {@code Retry-After} is beyond the client's cap, or retries exhausted. Worth trying again later.
 *
 * <pre>{@code
 * catch (ProviderUnavailableException e) { scheduleRetry(e.agency(), e.item()); }
 * }</pre>
 *
 * <p>Immutable and thread-safe once thrown.
 */
public final class ProviderUnavailableException extends ProviderException {
  private static final long serialVersionUID = 1L;

  private final int status;

  /** For the client and tests; {@code status} is 0 when no HTTP answer arrived. */
  public ProviderUnavailableException(
      String what,
      AgencyId agency,
      ItemCode item,
      String transactionId,
      int attempts,
      int status,
      Throwable cause) {
    super(what, agency, item, transactionId, attempts, cause);
    this.status = status;
  }

  /** The HTTP status of the last answer, if the last attempt got one. */
  public OptionalInt status() {
    return status == 0 ? OptionalInt.empty() : OptionalInt.of(status);
  }
}
