package org.mydatakit.audit;

/**
 * A presented audit checkpoint was rejected: the one checked exception {@link
 * AuditCheckpoint#verify} throws, for any input whatsoever.
 *
 * <p>The message is a stock lower-case sentence (what failed: envelope, signature, type, issuer or
 * claims) that never contains the token, a claim value or a key.
 *
 * <pre>{@code
 * try {
 *   AuditCheckpoint checkpoint = AuditCheckpoint.verify(token, brokerKeys, "https://broker.example");
 * } catch (InvalidCheckpointException e) {
 *   log.warn("checkpoint rejected: {}", e.getMessage());
 * }
 * }</pre>
 */
public final class InvalidCheckpointException extends Exception {
  private static final long serialVersionUID = 1L;

  InvalidCheckpointException(String stockMessage) {
    super("audit checkpoint rejected: " + stockMessage, null, false, false);
  }
}
