package org.mydatakit.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentStatus;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.DataRange;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.internal.StrictJson;

/**
 * What the client needs of a consent: its items, its data range and its status. A consumer never
 * sees the whole consent: the broker's {@code GET /consents/{id}} answers the consumer view (the
 * broker server's {@code broker-api.yaml}, schema {@code Consent}), which is {@code ConsentJson}'s
 * shape without {@code subject}, so neither the broker-wide nor a pairwise subject reaches a
 * consumer. {@link #readConsumerView} reads these three members from that view; {@link #of} takes
 * them from a consent in this process.
 *
 * @param items which provider holds each item; never empty
 * @param dataRange the dates the consent limits fetching to, if it does
 * @param status where the consent is in its lifecycle
 */
public record ConsentTerms(
    Set<DataItem> items, Optional<DataRange> dataRange, ConsentStatus status) {
  private static final String PREFIX = "consent view: ";
  private static final String TOKEN =
      "expected 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";
  private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

  /** Copies {@code items}; all three are required and the items must not be empty. */
  public ConsentTerms {
    items = Set.copyOf(Objects.requireNonNull(items, "items"));
    Objects.requireNonNull(dataRange, "data range");
    Objects.requireNonNull(status, "status");
    if (items.isEmpty()) {
      throw new IllegalArgumentException("consent terms: expected at least one item");
    }
  }

  /** The terms of a consent held in this process. */
  public static ConsentTerms of(Consent consent) {
    return new ConsentTerms(consent.items(), consent.dataRange(), consent.status());
  }

  /**
   * Reads the terms from the consumer view of a consent: one strict JSON object (no duplicate
   * members, nothing after it) with
   *
   * <ul>
   *   <li>{@code items}: a non-empty array of {@code {"provider": <agency id>, "code": <item
   *       code>}} objects, no other members, no item twice;
   *   <li>{@code dataRange} (optional; {@code null} reads as absent): {@code {"from": "YYYY-MM-DD",
   *       "to": "YYYY-MM-DD"}}, no other members, {@code from} on or before {@code to};
   *   <li>{@code status}: the exact name of a {@link ConsentStatus} constant.
   * </ul>
   *
   * <p>The view's other members (id, purpose, delivery, validity...) are not read; no {@code
   * subject} is required (the broker never sends one to a consumer). Values are built with the
   * model's own factories, so their rules apply.
   *
   * @throws IllegalArgumentException naming the path that was wrong and what was expected; it never
   *     quotes the input
   */
  public static ConsentTerms readConsumerView(String json) {
    Objects.requireNonNull(json, "json");
    ObjectNode view;
    try {
      view = StrictJson.object(json.getBytes(StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      // the parser's own message may quote the input: not kept
      throw new IllegalArgumentException(PREFIX + "expected one strict json object");
    }
    Set<DataItem> items = items(view.get("items"));
    Optional<DataRange> range = dataRange(view.get("dataRange"));
    ConsentStatus status = status(view.get("status"));
    return new ConsentTerms(items, range, status);
  }

  private static Set<DataItem> items(JsonNode node) {
    if (node == null || node.isNull()) {
      throw fail("items", "expected an array of items, got nothing");
    }
    if (!node.isArray()) {
      throw fail("items", "expected an array of items, got " + kind(node));
    }
    if (node.isEmpty()) {
      throw fail("items", "expected at least one item");
    }
    Set<DataItem> items = new LinkedHashSet<>();
    for (int i = 0; i < node.size(); i++) {
      String path = "items[" + i + "]";
      JsonNode item = node.get(i);
      if (!item.isObject()) {
        throw fail(path, "expected an object with provider and code, got " + kind(item));
      }
      only(path, item, "provider", "code");
      String provider = text(path + ".provider", item.get("provider"));
      String code = text(path + ".code", item.get("code"));
      DataItem parsed =
          DataItem.of(
              convert(path + ".provider", TOKEN, () -> AgencyId.of(provider)),
              convert(path + ".code", TOKEN, () -> ItemCode.of(code)));
      if (!items.add(parsed)) {
        throw fail(path, "expected each item once, got a repeated item");
      }
    }
    return items;
  }

  private static Optional<DataRange> dataRange(JsonNode node) {
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isObject()) {
      throw fail("dataRange", "expected an object with from and to, got " + kind(node));
    }
    only("dataRange", node, "from", "to");
    LocalDate from = date("dataRange.from", node.get("from"));
    LocalDate to = date("dataRange.to", node.get("to"));
    if (from.isAfter(to)) {
      throw fail("dataRange", "expected from on or before to");
    }
    return Optional.of(
        convert(
            "dataRange",
            "expected dates in the years 0001 to 9999",
            () -> new DataRange(from, to)));
  }

  private static ConsentStatus status(JsonNode node) {
    String text = text("status", node);
    for (ConsentStatus s : ConsentStatus.values()) {
      if (s.name().equals(text)) {
        return ConsentStatus.valueOf(text);
      }
    }
    throw fail("status", "expected the exact name of a consent status");
  }

  private static LocalDate date(String path, JsonNode node) {
    String text = text(path, node);
    if (DATE.matcher(text).matches()) {
      try {
        return LocalDate.parse(text);
      } catch (DateTimeException e) {
        // the message below
      }
    }
    throw fail(path, "expected a date such as 2026-01-31");
  }

  private static String text(String path, JsonNode node) {
    if (node == null || node.isNull()) {
      throw fail(path, "expected a string, got nothing");
    }
    if (!node.isTextual()) {
      throw fail(path, "expected a string, got " + kind(node));
    }
    return node.textValue();
  }

  private static void only(String path, JsonNode object, String... members) {
    Set<String> allowed = Set.of(members);
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      if (!allowed.contains(names.next())) {
        throw fail(path, "expected only the members " + String.join(" and ", members));
      }
    }
  }

  /** Runs a model factory; its own message may quote the value, so {@code expected} replaces it. */
  private static <T> T convert(String path, String expected, Supplier<T> factory) {
    try {
      return factory.get();
    } catch (IllegalArgumentException e) {
      throw fail(path, expected);
    }
  }

  private static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT, POJO -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      default -> "null";
    };
  }

  private static IllegalArgumentException fail(String path, String expected) {
    return new IllegalArgumentException(PREFIX + path + ": " + expected);
  }
}
