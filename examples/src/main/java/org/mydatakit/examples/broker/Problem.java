package org.mydatakit.examples.broker;

import java.util.Map;

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
          Map.entry(401, new String[] {"unauthorized", "authentication failed"}),
          Map.entry(403, new String[] {"forbidden", "the caller may not do this"}),
          Map.entry(404, new String[] {"not-found", "no such resource"}),
          Map.entry(405, new String[] {"method-not-allowed", "method not allowed here"}),
          Map.entry(409, new String[] {"conflict", "the consent does not allow this now"}),
          Map.entry(413, new String[] {"too-large", "the request body is too large"}),
          Map.entry(415, new String[] {"unsupported-media-type", "unsupported content type"}),
          Map.entry(429, new String[] {"fetch-limit", "the consent allows no grant now"}),
          Map.entry(500, new String[] {"internal-error", "the broker failed"}),
          Map.entry(503, new String[] {"unavailable", "the broker is temporarily unavailable"}));

  final int status;
  final String reason; // nullable
  final Long retryAfterSeconds; // nullable

  Problem(int status, String reason, Long retryAfterSeconds) {
    super("http " + status + (reason == null ? "" : " " + reason), null, false, false);
    this.status = status;
    this.reason = reason;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  static Problem of(int status, String reason) {
    return new Problem(status, reason, null);
  }

  static Problem badRequest() {
    return of(400, "invalid_request");
  }

  static Problem notFound() {
    return of(404, null);
  }

  String type() {
    return TYPE_BASE + stock()[0];
  }

  String title() {
    return stock()[1];
  }

  private String[] stock() {
    return STOCK.getOrDefault(status, new String[] {"error", "the request failed"});
  }
}
