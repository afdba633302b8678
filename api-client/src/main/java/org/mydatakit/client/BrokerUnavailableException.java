package org.mydatakit.client;

import java.util.OptionalInt;
import org.mydatakit.MyDataException;

/**
 * The remote broker could not be reached or failed: a connection failure, a timeout, a 5xx, or an
 * answer the client cannot read. Worth trying again later; the consent itself may be fine.
 *
 * <pre>{@code
 * catch (BrokerUnavailableException e) { scheduleRetry(); }
 * }</pre>
 *
 * <p>The message names the operation and the HTTP status, never a token, a proof or a body.
 */
public final class BrokerUnavailableException extends MyDataException {
  private static final long serialVersionUID = 1L;

  private final int status;

  /** {@code status} is 0 when no HTTP answer arrived. */
  public BrokerUnavailableException(String what, int status, Throwable cause) {
    super("broker unavailable: " + what + (status == 0 ? "" : " (http " + status + ")"), cause);
    this.status = status;
  }

  /** The HTTP status of the broker's answer, if one arrived. */
  public OptionalInt status() {
    return status == 0 ? OptionalInt.empty() : OptionalInt.of(status);
  }
}
