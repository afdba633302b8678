package org.mydatakit.audit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.internal.Checks;
import org.mydatakit.internal.SignedTokens;
import org.mydatakit.internal.StrictJson;

/**
 * Reads one JSON line of an audit export strictly. Messages name the field and, once it is known,
 * the line's sequence; they never quote a value, since an export is untrusted input.
 */
public final class AuditLines {
  /** Longest accepted line: 16 details of 200 characters fit with room to spare. */
  public static final int MAX_LINE = 16 * 1024;

  private static final List<String> FIELDS =
      List.of("seq", "at", "type", "consent", "actor", "details", "prev", "hash");

  // trailing data is looked for here, after the object, to report it as such
  private static final ObjectReader ONE_VALUE =
      StrictJson.mapper().reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private AuditLines() {}

  public static AuditEntry parse(String line) {
    if (line == null) {
      throw new IllegalArgumentException("audit line: expected a value, got null");
    }
    if (line.length() > MAX_LINE) {
      throw new IllegalArgumentException(
          "audit line: expected at most " + MAX_LINE + " characters, got " + line.length());
    }
    ObjectNode json = object(line);
    long seq = SignedTokens.integer(json, "seq", 1);
    String where = seq < 1 ? "audit line" : "audit line, sequence " + seq;
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw new IllegalArgumentException(where + ": unknown field " + Checks.describe(name));
      }
    }
    for (String field : FIELDS) {
      if (!json.has(field)) {
        throw new IllegalArgumentException(where + ": " + field + ": expected a value, got none");
      }
    }
    if (seq < 1) {
      throw new IllegalArgumentException(where + ": seq: expected an integer >= 1");
    }
    try {
      AuditEvent event =
          AuditEvent.of(
              at(text(json, "at")),
              type(text(json, "type")),
              ConsentId.parse(text(json, "consent")),
              text(json, "actor"),
              details(json.get("details")));
      return new AuditEntry(seq, event, text(json, "prev"), text(json, "hash"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage());
    }
  }

  private static ObjectNode object(String line) {
    JsonNode node;
    try (JsonParser parser = StrictJson.mapper().createParser(line)) {
      try {
        node = ONE_VALUE.readTree(parser);
      } catch (JsonProcessingException e) {
        boolean duplicate = String.valueOf(e.getOriginalMessage()).startsWith("Duplicate field");
        throw malformed(duplicate ? "a duplicate key" : "malformed json");
      }
      try {
        if (parser.nextToken() != null) {
          throw malformed("data after the object");
        }
      } catch (JsonProcessingException e) {
        throw malformed("data after the object");
      }
    } catch (IOException e) {
      throw malformed("malformed json");
    }
    if (!(node instanceof ObjectNode object)) {
      throw new IllegalArgumentException("audit line: expected one json object");
    }
    return object;
  }

  private static IllegalArgumentException malformed(String what) {
    return new IllegalArgumentException("audit line: expected one json object, got " + what);
  }

  private static String text(ObjectNode json, String field) {
    JsonNode node = json.get(field);
    if (!node.isTextual()) {
      throw new IllegalArgumentException(field + ": expected a string");
    }
    return node.asText();
  }

  private static Instant at(String text) {
    try {
      Instant at = Instant.parse(text);
      if (at.truncatedTo(ChronoUnit.MILLIS).toString().equals(text)) {
        return at;
      }
    } catch (DateTimeParseException e) {
      // fall through to the one message
    }
    throw new IllegalArgumentException("at: expected an ISO-8601 UTC instant to the millisecond");
  }

  private static AuditEventType type(String text) {
    try {
      return AuditEventType.valueOf(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("type: expected an audit event type such as APPROVED");
    }
  }

  private static Map<String, String> details(JsonNode node) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("details: expected an object");
    }
    Map<String, String> details = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> d = it.next();
      if (!d.getValue().isTextual()) {
        throw new IllegalArgumentException("details: expected string values");
      }
      details.put(d.getKey(), d.getValue().asText());
    }
    return details;
  }
}
