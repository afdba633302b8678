package org.mydatakit.consent;

import java.time.LocalDate;
import org.mydatakit.internal.Checks;

/**
 * The dates of the records that may be fetched, both inclusive (a grant's {@code rng} claim).
 *
 * <pre>{@code
 * DataRange lastYear = new DataRange(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 12, 31));
 * }</pre>
 */
public record DataRange(LocalDate from, LocalDate to) {

  /** Requires {@code from} on or before {@code to}, both in the years 0001 to 9999. */
  public DataRange {
    year("data range from", Checks.notNull("data range from", from));
    year("data range to", Checks.notNull("data range to", to));
    if (from.isAfter(to)) {
      throw new IllegalArgumentException(
          "data range: expected from on or before to, got from " + from + " after to " + to);
    }
  }

  /** Whether {@code date} lies in the range. */
  public boolean contains(LocalDate date) {
    return !date.isBefore(from) && !date.isAfter(to);
  }

  private static void year(String what, LocalDate date) {
    if (date.getYear() < 1 || date.getYear() > 9999) {
      throw new IllegalArgumentException(
          what + ": expected a date in the years 0001 to 9999, got year " + date.getYear());
    }
  }
}
