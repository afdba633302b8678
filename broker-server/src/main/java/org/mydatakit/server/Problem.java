package org.mydatakit.server;

import java.net.URI;
import java.util.Map;
import org.springframework.http.ProblemDetail;

/**
 * An RFC 9457 answer the server gives on purpose: a status, a stock title and an optional machine
 * reason. It never carries request content, so it is safe to send as it is.
 */
final class Problem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  static final String TYPE_BASE = "https://mydatakit.org/problems/";

  private static final Map<Integer, String[]> STOCK =
      Map.ofEntries(
          Map.entry(400, new String[] {"bad-request", "the request is malformed"}),
          Map.entry(401, new String[] {"unauthorized", "the caller is not authenticated"}),
          Map.entry(403, new String[] {"forbidden", "the caller may not do this"}),
          Map.entry(404, new String[] {"not-found", "no such resource"}),
          Map.entry(405, new String[] {"method-not-allowed", "method not allowed here"}),
          Map.entry(406, new String[] {"not-acceptable", "no acceptable representation"}),
          Map.entry(409, new String[] {"conflict", "the request conflicts with the current state"}),
          Map.entry(413, new String[] {"too-large", "the request body is too large"}),
          Map.entry(415, new String[] {"unsupported-media-type", "unsupported content type"}),
          Map.entry(
              429,
              new String[] {
                "too-many-requests", "the fetch budget, window or rate limit refuses this"
              }),
          Map.entry(500, new String[] {"internal-error", "the broker failed"}),
          Map.entry(503, new String[] {"unavailable", "the broker is temporarily unavailable"}));

  final int status;
  final String reason; // nullable
  final String explanation; // nullable: a fixed sentence of the server's, never request content
  final Long retryAfterSeconds; // nullable: the Retry-After of a 429 or 503

  private Problem(int status, String reason, String explanation, Long retryAfterSeconds) {
    super("http " + status + (reason == null ? "" : " " + reason), null, false, false);
    this.status = status;
    this.reason = reason;
    this.explanation = explanation;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /**
   * A 429 for a fetch limit ({@code BUDGET_EXHAUSTED}, {@code ONE_TIME_USED}, {@code
   * OUTSIDE_TIME_WINDOW}), with {@code Retry-After} when the next allowed time is known.
   */
  static Problem fetchLimit(String limit, java.time.Instant nextAllowedAt) {
    Long seconds = null;
    if (nextAllowedAt != null) {
      long wait = java.time.Duration.between(java.time.Instant.now(), nextAllowedAt).toSeconds();
      seconds = Math.max(1, wait + 1);
    }
    return new Problem(429, limit, null, seconds);
  }

  /** A 429 {@code rate_limited} with {@code Retry-After: seconds}. */
  static Problem rateLimited(long seconds) {
    return new Problem(429, "rate_limited", null, seconds);
  }

  static Problem of(int status, String reason) {
    return new Problem(status, reason, null, null);
  }

  /** A problem with a fixed {@code detail} sentence: a constant of the server's, never input. */
  static Problem of(int status, String reason, String explanation) {
    return new Problem(status, reason, explanation, null);
  }

  static Problem badRequest() {
    return of(400, "invalid_request");
  }

  static Problem notFound() {
    return of(404, null);
  }

  /** The body: type, stock title, status and the reason if there is one. */
  ProblemDetail detail() {
    ProblemDetail detail = detail(status, reason);
    if (explanation != null) {
      detail.setProperty("detail", explanation);
    }
    return detail;
  }

  static ProblemDetail detail(int status, String reason) {
    String[] stock = STOCK.getOrDefault(status, new String[] {"error", "the request failed"});
    ProblemDetail detail = ProblemDetail.forStatus(status);
    detail.setType(URI.create(TYPE_BASE + stock[0]));
    detail.setTitle(stock[1]);
    if (reason != null) {
      detail.setProperty("reason", reason);
    }
    return detail;
  }
}
