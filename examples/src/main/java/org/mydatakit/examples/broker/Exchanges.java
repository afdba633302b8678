package org.mydatakit.examples.broker;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Reading requests and writing answers: bounded bodies, strict JSON, problem details. */
final class Exchanges {
  static final int MAX_BODY = 64 * 1024;

  /** Strict: duplicate keys, unknown fields, trailing tokens and type coercions are rejected. */
  static final ObjectMapper JSON =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(16)
                          .maxStringLength(MAX_BODY)
                          .maxNumberLength(32)
                          .build())
                  .build())
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .withCoercionConfig(
              LogicalType.Textual,
              c ->
                  c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
          .build();

  private Exchanges() {}

  /** The body, refused past {@link #MAX_BODY} bytes. */
  static byte[] body(HttpExchange ex) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      byte[] bytes = in.readNBytes(MAX_BODY + 1);
      if (bytes.length > MAX_BODY) {
        throw Problem.of(413, null);
      }
      return bytes;
    }
  }

  static boolean isForm(HttpExchange ex) {
    return mediaType(ex).equals("application/x-www-form-urlencoded");
  }

  /** The JSON body bound strictly to {@code type}; anything wrong is a 400 without detail. */
  static <T> T json(HttpExchange ex, Class<T> type) throws IOException {
    if (!mediaType(ex).equals("application/json")) {
      throw Problem.of(415, null);
    }
    byte[] body = body(ex);
    try {
      T value = JSON.readValue(body, type);
      if (value == null) {
        throw Problem.badRequest();
      }
      return value;
    } catch (IOException e) { // Jackson's messages may quote the input: never kept
      throw Problem.badRequest();
    }
  }

  /** A form body; a repeated parameter is refused (RFC 6749 §3.2). */
  static Map<String, String> form(HttpExchange ex) throws IOException {
    Map<String, String> params = new HashMap<>();
    String text = new String(body(ex), StandardCharsets.US_ASCII);
    for (String pair : text.isEmpty() ? new String[0] : text.split("&", -1)) {
      int eq = pair.indexOf('=');
      try {
        String name =
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value =
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        if (params.put(name, value) != null) {
          throw Problem.badRequest();
        }
      } catch (IllegalArgumentException e) {
        throw Problem.badRequest();
      }
    }
    return params;
  }

  static void send(HttpExchange ex, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", contentType);
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      ex.getResponseBody().write(bytes);
    }
  }

  static void json(HttpExchange ex, int status, Object value) throws IOException {
    send(ex, status, "application/json", JSON.writeValueAsString(value));
  }

  static void noContent(HttpExchange ex) throws IOException {
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(204, -1);
  }

  static void problem(HttpExchange ex, Problem p) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.put("type", p.type());
    body.put("title", p.title());
    body.put("status", p.status);
    if (p.reason != null) {
      body.put("reason", p.reason);
    }
    if (p.retryAfterSeconds != null) {
      ex.getResponseHeaders().set("Retry-After", Long.toString(p.retryAfterSeconds));
    }
    if (p.status == 401) {
      ex.getResponseHeaders().set("WWW-Authenticate", "DPoP algs=\"ES256 PS256\"");
    }
    send(ex, p.status, "application/problem+json", body.toString());
  }

  /** The request's media type, lower case, without parameters; empty if none was sent. */
  static String mediaType(HttpExchange ex) {
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    if (type == null) {
      return "";
    }
    int semi = type.indexOf(';');
    return (semi < 0 ? type : type.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }
}
