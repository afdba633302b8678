package org.mydatakit.consent;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Optional;
import org.mydatakit.internal.Checks;

/**
 * The period of a periodic delivery (every N days, weeks or months) and, optionally, the daily time
 * window in which fetches are allowed.
 *
 * <pre>{@code
 * Schedule monthly = Schedule.every(1, Schedule.Unit.MONTHS);
 * Schedule officeHours = monthly.withWindow(LocalTime.of(9, 0), LocalTime.of(18, 0));
 * }</pre>
 */
public record Schedule(int every, Unit unit, Optional<Window> window) {
  /** The zone of a window when none is given: Korea Standard Time. */
  public static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");

  /** The unit of the period. */
  public enum Unit {
    DAYS,
    WEEKS,
    MONTHS
  }

  /**
   * A daily window {@code [from, to)} in {@code zone}; {@code from} must be before {@code to}, so a
   * window never spans midnight.
   */
  public record Window(LocalTime from, LocalTime to, ZoneId zone) {

    /** Requires all parts and {@code from} before {@code to}. */
    public Window {
      Checks.notNull("schedule window from", from);
      Checks.notNull("schedule window to", to);
      Checks.notNull("schedule window zone", zone);
      if (!from.isBefore(to)) {
        throw new IllegalArgumentException(
            "schedule window: expected from before to (no window across midnight), got from "
                + from
                + " and to "
                + to);
      }
    }

    /** Whether {@code at}, seen in the window's zone, falls inside {@code [from, to)}. */
    public boolean allows(Instant at) {
      LocalTime local = at.atZone(zone).toLocalTime();
      return !local.isBefore(from) && local.isBefore(to);
    }
  }

  /** Requires {@code every} ≥ 1, a unit and a window (possibly empty). */
  public Schedule {
    if (every < 1) {
      throw new IllegalArgumentException("schedule every: expected 1 or more, got " + every);
    }
    Checks.notNull("schedule unit", unit);
    Checks.notNull("schedule window", window);
  }

  /** Returns the schedule "every {@code n} {@code unit}" with no time window. */
  public static Schedule every(int n, Unit unit) {
    return new Schedule(n, unit, Optional.empty());
  }

  /**
   * Returns this schedule with fetches allowed only between {@code from} and {@code to}, Seoul
   * time.
   */
  public Schedule withWindow(LocalTime from, LocalTime to) {
    return withWindow(from, to, SEOUL);
  }

  /**
   * Returns this schedule with fetches allowed only between {@code from} and {@code to} in {@code
   * zone}.
   */
  public Schedule withWindow(LocalTime from, LocalTime to, ZoneId zone) {
    return new Schedule(every, unit, Optional.of(new Window(from, to, zone)));
  }
}
