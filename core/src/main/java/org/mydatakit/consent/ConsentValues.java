package org.mydatakit.consent;

import java.time.Instant;
import java.util.Collections;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.mydatakit.internal.Checks;

/** Checks shared by the consent values; messages never echo free text. */
final class ConsentValues {
  /** The range of instants whose ISO-8601 form has a four-digit year, so JSON can carry it. */
  static final Instant MIN_INSTANT = Instant.parse("0001-01-01T00:00:00Z");

  static final Instant MAX_INSTANT = Instant.parse("9999-12-31T23:59:59.999999999Z");

  private ConsentValues() {}

  /** Requires human text of 1 to {@code max} characters, not blank. */
  static String text(String what, String value, int max) {
    Checks.notNull(what, value);
    if (value.isBlank() || value.length() > max) {
      throw new IllegalArgumentException(
          what
              + ": expected 1 to "
              + max
              + " characters, not blank, got "
              + value.length()
              + " characters");
    }
    return value;
  }

  /** Requires an instant in years 0001 to 9999. */
  static Instant instant(String what, Instant value) {
    Checks.notNull(what, value);
    if (value.isBefore(MIN_INSTANT) || value.isAfter(MAX_INSTANT)) {
      throw new IllegalArgumentException(
          what + ": expected an instant in the years 0001 to 9999, got " + value);
    }
    return value;
  }

  /** Copies a non-empty set of items, without nulls, into a sorted unmodifiable set. */
  static SortedSet<DataItem> sortedItems(String what, Set<DataItem> items) {
    Checks.notNull(what, items);
    if (items.isEmpty()) {
      throw new IllegalArgumentException(what + ": expected at least one item, got none");
    }
    TreeSet<DataItem> copy = new TreeSet<>();
    for (DataItem item : items) {
      copy.add(Checks.notNull(what + " element", item));
    }
    return Collections.unmodifiableSortedSet(copy);
  }
}
