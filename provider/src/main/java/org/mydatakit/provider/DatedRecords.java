package org.mydatakit.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/**
 * Applies an {@link Admission}'s range to a record kept as JSON, for agencies whose records are
 * documents rather than rows: every array of objects in the document keeps only the entries dated
 * inside the range. An entry's date is its {@code date} member or the first member whose name ends
 * in {@code On} or {@code Date} holding {@code YYYY-MM-DD}; an entry dated by a year ({@code
 * attributionYear} or {@code year}, an integer) is kept when the range overlaps that year. An entry
 * with no date is left out when a range applies — nothing is released that is not shown to lie in
 * the range. Members outside arrays (the document's current state) are kept.
 *
 * <pre>{@code
 * DatedRecords.Filtered kept = DatedRecords.filter(incomeCertificate, admission);
 * return Records.json(kept.json().toString(), kept.count());
 * }</pre>
 *
 * <p>For records held as objects, {@link Admission#filter} does the same with a date accessor.
 */
public final class DatedRecords {

  /** The filtered document and how many records it holds. */
  public record Filtered(JsonNode json, int count) {
    public Filtered {
      Objects.requireNonNull(json, "json");
    }

    @Override
    public String toString() {
      return "Filtered[count=" + count + "]";
    }
  }

  private DatedRecords() {}

  /**
   * A copy of {@code record} with every array of objects filtered by {@code admission}'s range; the
   * count is the number of array entries kept, or 1 for a document without such arrays.
   */
  public static Filtered filter(JsonNode record, Admission admission) {
    Objects.requireNonNull(admission, "admission");
    JsonNode copy = Objects.requireNonNull(record, "record").deepCopy();
    int[] counts = {0, 0}; // arrays seen, entries kept
    walk(copy, admission, counts);
    return new Filtered(copy, counts[0] == 0 ? 1 : counts[1]);
  }

  private static void walk(JsonNode node, Admission admission, int[] counts) {
    if (node instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        walk(it.next().getValue(), admission, counts);
      }
    } else if (node instanceof ArrayNode array && isOfObjects(array)) {
      counts[0]++;
      for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
        JsonNode entry = it.next();
        if (admission.range().isPresent() && !inRange(entry, admission)) {
          it.remove();
        } else {
          counts[1]++;
          walk(entry, admission, counts);
        }
      }
    }
  }

  private static boolean isOfObjects(ArrayNode array) {
    if (array.isEmpty()) {
      return false;
    }
    for (JsonNode element : array) {
      if (!element.isObject()) {
        return false;
      }
    }
    return true;
  }

  private static boolean inRange(JsonNode entry, Admission admission) {
    for (String yearField : new String[] {"attributionYear", "year"}) {
      JsonNode year = entry.get(yearField);
      if (year != null && year.canConvertToInt() && year.isIntegralNumber()) {
        int y = year.intValue();
        if (y < 1 || y > 9999) {
          return false;
        }
        LocalDate from = admission.range().orElseThrow().from();
        LocalDate to = admission.range().orElseThrow().to();
        return !LocalDate.of(y, 12, 31).isBefore(from) && !LocalDate.of(y, 1, 1).isAfter(to);
      }
    }
    LocalDate date = dateOf(entry);
    return date != null && admission.covers(date);
  }

  private static LocalDate dateOf(JsonNode entry) {
    JsonNode date = entry.get("date");
    if (date == null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = entry.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (field.getKey().endsWith("On") || field.getKey().endsWith("Date")) {
          date = field.getValue();
          break;
        }
      }
    }
    if (date == null || !date.isTextual() || !date.textValue().matches("\\d{4}-\\d{2}-\\d{2}")) {
      return null;
    }
    try {
      return LocalDate.parse(date.textValue());
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
