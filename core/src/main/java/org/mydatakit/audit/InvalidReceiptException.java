package org.mydatakit.audit;

/**
 * A presented consent receipt was rejected: the one checked exception {@link ReceiptIssuer#verify}
 * throws, for any input whatsoever.
 *
 * <p>The message is a stock lower-case sentence that never contains the token, a claim value or a
 * key.
 *
 * <pre>{@code
 * try {
 *   ConsentReceipt receipt = ReceiptIssuer.verify(token, brokerKeys, "https://broker.example");
 * } catch (InvalidReceiptException e) {
 *   show("this receipt was not issued by the broker");
 * }
 * }</pre>
 */
public final class InvalidReceiptException extends Exception {
  private static final long serialVersionUID = 1L;

  InvalidReceiptException(String stockMessage) {
    super("consent receipt rejected: " + stockMessage, null, false, false);
  }
}
