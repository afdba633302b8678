package org.mydatakit.client;

import java.util.Optional;
import org.mydatakit.MyDataException;
import org.mydatakit.events.InvalidSecurityEventException;

/**
 * The broker refused an erasure attestation ({@code 400} with an RFC 8935 error): sending the same
 * attestation again will not help. {@link #err()} says why — {@code invalid_key} (not signed with a
 * key the broker holds for this consumer), {@code invalid_issuer}, {@code invalid_audience}, {@code
 * invalid_request} (malformed, or its {@code jti} was used by another attestation).
 *
 * <pre>{@code
 * try {
 *   reporter.report(attestation);
 * } catch (ErasureRejectedException e) {
 *   alert("erasure attestation refused: " + e.err());
 * } catch (BrokerUnavailableException e) {
 *   retryLater(attestation);
 * }
 * }</pre>
 *
 * <p>The message names the error code only; the broker's description, if any, is in {@link
 * #description()}, reduced to printable ASCII.
 */
public final class ErasureRejectedException extends MyDataException {
  private static final long serialVersionUID = 1L;

  private final String err;
  private final String description;

  ErasureRejectedException(String err, String description) {
    super("erasure attestation rejected by the broker: " + err);
    this.err = err;
    this.description = description;
  }

  /** The RFC 8935 {@code err} the broker answered, or {@code unknown} if it named none readable. */
  public String err() {
    return err;
  }

  /** The error as one of the codes this library knows, if it is one. */
  public Optional<InvalidSecurityEventException.Code> code() {
    for (InvalidSecurityEventException.Code code : InvalidSecurityEventException.Code.values()) {
      if (code.err().equals(err)) {
        return Optional.of(code);
      }
    }
    return Optional.empty();
  }

  /** The broker's description, printable ASCII of at most 200 characters; may be empty. */
  public String description() {
    return description;
  }
}
