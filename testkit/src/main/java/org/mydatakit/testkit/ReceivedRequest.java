package org.mydatakit.testkit;

import java.util.Objects;
import java.util.Optional;

/**
 * One request a {@link FakeProviderAgency} received, and how it answered: for assertions such as
 * "one attempt", "a fresh proof per request" or "rejected as REVOKED".
 *
 * <pre>{@code
 * ReceivedRequest last = nhis.requests().get(nhis.requests().size() - 1);
 * assertThat(last.status()).isEqualTo(403);
 * assertThat(last.reason()).contains("REVOKED");
 * }</pre>
 *
 * <p>Immutable. It never holds the grant, the proof or the response body: only the proof's {@code
 * jti} (a random nonce), which tests may compare across requests.
 *
 * @param method the HTTP method, e.g. {@code GET}
 * @param path the request path without the query, e.g. {@code /mydata/v1/items/nhis.qualification}
 * @param transactionId the {@code X-Api-Tran-Id} if it was present and well-formed
 * @param item the item code from the path, if the path named one
 * @param dpopJti the {@code jti} of the DPoP proof, if a proof was sent and its claims were
 *     readable (whether or not the proof then verified)
 * @param status the HTTP status answered, or 0 if an injected fault answered without one
 * @param outcome who answered and how
 * @param reason why the request was not served: an {@code InvalidGrantException.Reason} name, one
 *     of the profile's reasons ({@code BAD_TRANSACTION_ID}, {@code BAD_QUERY}, {@code
 *     RANGE_NOT_ALLOWED}, {@code GRANT_USED}, {@code UNKNOWN_ITEM}, {@code NO_RECORD}, {@code
 *     NOT_FOUND}, {@code METHOD_NOT_ALLOWED}, {@code INTERNAL_ERROR}) or, for an injected fault,
 *     one of {@code REDIRECT}, {@code CONNECTION_RESET_BY_PEER}, {@code EMPTY_RESPONSE}, {@code
 *     MALFORMED_RESPONSE_CHUNK}, {@code RANDOM_DATA_THEN_CLOSE}, {@code SERVICE_UNAVAILABLE},
 *     {@code RATE_LIMITED}, {@code MALFORMED_JSON}, {@code DUPLICATE_KEY_JSON}, {@code
 *     OVERSIZE_BODY}; empty when served
 */
public record ReceivedRequest(
    String method,
    String path,
    Optional<String> transactionId,
    Optional<String> item,
    Optional<String> dpopJti,
    int status,
    Outcome outcome,
    Optional<String> reason) {

  /** Requires every component; optional ones as {@link Optional}. */
  public ReceivedRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(transactionId, "transactionId");
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(dpopJti, "dpopJti");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(reason, "reason");
  }

  /** Who answered a request, and how. */
  public enum Outcome {
    /** The agency verified the grant and returned the record (200). */
    SERVED,
    /** The agency refused the request: 400, 401, 403, 404, 405, or 503 on an unknown status. */
    REJECTED,
    /** An armed fault knob answered in front of the agency; nothing was verified. */
    FAULT
  }
}
