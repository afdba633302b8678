package org.mydatakit.examples.agency;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mydatakit.grant.InvalidGrantException.Reason;

/**
 * One answer of the agency: a status, a JSON body and headers. Problems are RFC 9457 bodies with a
 * stock type and title per status and a machine-readable {@code reason}, never an echo of the
 * request (the profile's {@code provider-agency.yaml}).
 */
record Answer(int status, String reason, String body, Map<String, String> headers) {
  static final String TYPE_BASE = "https://mydatakit.org/problems/";
  private static final Map<Integer, String[]> STOCK =
      Map.of(
          400, new String[] {"bad-request", "the request is malformed"},
          401, new String[] {"invalid-grant", "the grant or its dpop proof is invalid"},
          403, new String[] {"not-permitted", "the grant does not permit this request"},
          404, new String[] {"not-found", "no such item or record"},
          405, new String[] {"method-not-allowed", "only get is supported"},
          500, new String[] {"internal-error", "the agency failed"},
          503, new String[] {"unavailable", "the agency is temporarily unavailable"});

  /** The record, with the transaction id echoed. */
  static Answer ok(ObjectNode record, String transactionId) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("X-Api-Tran-Id", transactionId);
    return new Answer(200, null, record.toString(), headers);
  }

  /** A problem; {@code transactionId} (echoed when well-formed) may be null. */
  static Answer problem(int status, String reason, String transactionId) {
    String[] stock = STOCK.get(status);
    ObjectNode body = AgencyRecords.JSON.createObjectNode();
    body.put("type", TYPE_BASE + stock[0]);
    body.put("title", stock[1]);
    body.put("status", status);
    body.put("reason", reason);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/problem+json");
    if (transactionId != null) {
      headers.put("X-Api-Tran-Id", transactionId);
    }
    return new Answer(status, reason, body.toString(), headers);
  }

  /**
   * The answer to a rejected grant: 403 when it is genuine but does not allow the request, 503 with
   * {@code Retry-After} when the consent's status cannot be learnt (fail closed), 401 with the RFC
   * 9449 challenge otherwise.
   */
  static Answer refused(Reason reason, String transactionId) {
    return switch (reason) {
      case INSUFFICIENT_SCOPE, WRONG_AUDIENCE, REVOKED, SUSPENDED ->
          problem(403, reason.name(), transactionId);
      case STATUS_UNAVAILABLE, STATUS_STALE ->
          problem(503, reason.name(), transactionId).with("Retry-After", "1");
      default -> {
        String error = reason.name().startsWith("DPOP_") ? "invalid_dpop_proof" : "invalid_token";
        yield problem(401, reason.name(), transactionId)
            .with("WWW-Authenticate", "DPoP error=\"" + error + "\", algs=\"ES256 PS256\"");
      }
    };
  }

  Answer with(String header, String value) {
    headers.put(header, value);
    return this;
  }

  void send(HttpExchange exchange) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    headers.forEach(exchange.getResponseHeaders()::set);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
