package org.mydatakit.testkit.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.time.Duration;
import java.util.Map;

/**
 * RFC 9457 problem bodies for the faults the fake agency injects (429, 503, 500), shaped like the
 * gate's own refusals: a stock type and title per status. Never an echo of the request.
 */
public final class Problems {
  /** Where the profile's problem types live. */
  public static final String TYPE_BASE = "https://mydatakit.org/problems/";

  static final ObjectMapper JSON = new ObjectMapper();

  private static final Map<Integer, String[]> STOCK =
      Map.of(
          400, new String[] {"bad-request", "the request is malformed"},
          401, new String[] {"invalid-grant", "the grant or its dpop proof is invalid"},
          403, new String[] {"not-permitted", "the grant does not permit this request"},
          404, new String[] {"not-found", "no such item or record"},
          405, new String[] {"method-not-allowed", "only get is supported"},
          429, new String[] {"rate-limited", "too many requests"},
          500, new String[] {"internal-error", "the agency failed"},
          503, new String[] {"unavailable", "the agency is temporarily unavailable"});

  private Problems() {}

  /** A problem answer; {@code reason} and {@code transactionId} may be null. */
  public static ResponseDefinitionBuilder problem(int status, String reason, String transactionId) {
    String[] stock = STOCK.getOrDefault(status, new String[] {"error", "the request failed"});
    ObjectNode body = JSON.createObjectNode();
    body.put("type", TYPE_BASE + stock[0]);
    body.put("title", stock[1]);
    body.put("status", status);
    if (reason != null) {
      body.put("reason", reason);
    }
    ResponseDefinitionBuilder answer =
        ResponseDefinitionBuilder.responseDefinition()
            .withStatus(status)
            .withHeader("Content-Type", "application/problem+json")
            .withHeader("Cache-Control", "no-store")
            .withBody(body.toString());
    return transactionId == null ? answer : answer.withHeader("X-Api-Tran-Id", transactionId);
  }

  /** A 429 or 503 with {@code Retry-After} in whole seconds (rounded up). */
  public static ResponseDefinitionBuilder retryLater(
      int status, String reason, Duration retryAfter, String transactionId) {
    long seconds = retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0);
    return problem(status, reason, transactionId).withHeader("Retry-After", Long.toString(seconds));
  }
}
