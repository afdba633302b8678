package org.mydatakit.provider;

import org.mydatakit.MyDataException;

/**
 * A {@link GrantUseLedger} or a shared replay cache could not be reached or could not record: the
 * gate fails closed ({@code 503}, reason {@code LEDGER_UNAVAILABLE}) and delivers nothing. A fault,
 * not a rejection: the same request may succeed later.
 *
 * <pre>{@code
 * try {
 *   ledger.claim(grantId, item, key, now, forgetAfter);
 * } catch (LedgerUnavailableException e) {
 *   // answer 503 and retry later
 * }
 * }</pre>
 *
 * <p>Messages name the ledger and the failure, never a grant, an item or a key.
 */
public final class LedgerUnavailableException extends MyDataException {
  private static final long serialVersionUID = 1L;

  public LedgerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
