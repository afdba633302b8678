package org.mydatakit.client;

import org.mydatakit.MyDataException;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ItemCode;

/**
 * A fetch from a provider agency failed: the root of the client's typed failures. It names the
 * agency, the item, the transaction id of the last request and how many requests were made — never
 * the grant, the proof, the citizen or the payload.
 *
 * <pre>{@code
 * try {
 *   client.fetch(consentId, item);
 * } catch (ProviderException e) {
 *   log.warn("{} {} failed after {} attempts, tran {}", e.agency(), e.item(), e.attempts(), e.transactionId());
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe once thrown.
 */
public abstract class ProviderException extends MyDataException {
  private static final long serialVersionUID = 1L;

  private final AgencyId agency;
  private final ItemCode item;
  private final String transactionId;
  private final int attempts;

  ProviderException(
      String what,
      AgencyId agency,
      ItemCode item,
      String transactionId,
      int attempts,
      Throwable c) {
    super(
        "provider "
            + agency
            + " item "
            + item
            + ": "
            + what
            + " (tran id "
            + transactionId
            + ", "
            + attempts
            + (attempts == 1 ? " attempt)" : " attempts)"),
        c);
    this.agency = agency;
    this.item = item;
    this.transactionId = transactionId;
    this.attempts = attempts;
  }

  /** The provider agency that was asked. */
  public AgencyId agency() {
    return agency;
  }

  /** The item that was asked for. */
  public ItemCode item() {
    return item;
  }

  /** The {@code X-Api-Tran-Id} of the last request made (one id per HTTP request). */
  public String transactionId() {
    return transactionId;
  }

  /** How many HTTP requests were made, retries included (at least 1). */
  public int attempts() {
    return attempts;
  }
}
