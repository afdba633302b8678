package org.mydatakit.consent;

import java.time.LocalDate;

/**
 * The period of records that a consent lets a consumer fetch, both ends inclusive.
 *
 * <pre>{@code
 * DataRange range = new DataRange(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 12, 31));
 * }</pre>
 */
public record DataRange(LocalDate from, LocalDate to) {

  /** Requires both ends, {@code from <= to}. */
  public DataRange {
    if (from == null || to == null) {
      throw new IllegalArgumentException("data range: expected from and to dates, got null");
    }
    if (from.isAfter(to)) {
      throw new IllegalArgumentException(
          "data range: expected from <= to, got from " + from + " after to " + to);
    }
  }
}
