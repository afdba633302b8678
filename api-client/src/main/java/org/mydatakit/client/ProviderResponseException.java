package org.mydatakit.client;

import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ItemCode;

/**
 * The provider agency answered, but not with something the client can accept: a status other than
 * 2xx, 401, 403, 429 and 5xx (a 404, a 400, any redirect — redirects are never followed), or a 200
 * whose body is oversize, not strict JSON, for another item, or whose {@code X-Api-Tran-Id} echo
 * does not match. Not retried: asking again would get the same answer.
 *
 * <pre>{@code
 * catch (ProviderResponseException e) { alertIntegrationTeam(e.agency(), e.status(), e.transactionId()); }
 * }</pre>
 *
 * <p>Immutable and thread-safe once thrown.
 */
public final class ProviderResponseException extends ProviderException {
  private static final long serialVersionUID = 1L;

  private final int status;

  /** For the client and tests. */
  public ProviderResponseException(
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

  /** The HTTP status of the answer. */
  public int status() {
    return status;
  }
}
