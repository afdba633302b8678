package org.mydatakit.broker;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.Schedule;

/**
 * The fetch-budget period a moment falls in: one-time consents have one period for their whole life
 * ({@code once}, budget 1); periodic ones count whole periods of N days, weeks or months from
 * {@code validFrom}, in the schedule's zone (Asia/Seoul unless its window names another).
 */
record BudgetPeriod(String key, int budget, Optional<Instant> end) {

  static BudgetPeriod at(Consent consent, Instant now) {
    if (!(consent.delivery() instanceof Delivery.Periodic periodic)) {
      return new BudgetPeriod("once", 1, Optional.empty());
    }
    Schedule schedule = periodic.schedule();
    ZoneId zone = schedule.window().map(Schedule.Window::zone).orElse(Schedule.SEOUL);
    ChronoUnit unit =
        switch (schedule.unit()) {
          case DAYS -> ChronoUnit.DAYS;
          case WEEKS -> ChronoUnit.WEEKS;
          case MONTHS -> ChronoUnit.MONTHS;
        };
    ZonedDateTime origin = consent.validFrom().atZone(zone);
    ZonedDateTime t = now.atZone(zone);
    long k = Math.max(0, unit.between(origin, t) / schedule.every());
    // Month arithmetic clamps (Jan 31 + 1 month = Feb 28): step until start <= t < end.
    while (k > 0 && origin.plus(k * schedule.every(), unit).isAfter(t)) {
      k--;
    }
    while (!origin.plus((k + 1) * schedule.every(), unit).isAfter(t)) {
      k++;
    }
    Instant end = origin.plus((k + 1) * schedule.every(), unit).toInstant();
    return new BudgetPeriod("p" + k, periodic.fetchBudgetPerPeriod(), Optional.of(end));
  }

  /** The next instant the consent's daily window opens after {@code now}, if it has a window. */
  static Optional<Instant> nextWindowOpening(Consent consent, Instant now) {
    if (!(consent.delivery() instanceof Delivery.Periodic periodic)) {
      return Optional.empty();
    }
    return periodic
        .schedule()
        .window()
        .map(
            w -> {
              LocalDate day = now.atZone(w.zone()).toLocalDate();
              ZonedDateTime opening = day.atTime(w.from()).atZone(w.zone());
              return (opening.toInstant().isAfter(now) ? opening : opening.plusDays(1)).toInstant();
            });
  }

  /** True if the consent has a daily window and {@code now} is outside it. */
  static boolean outsideWindow(Consent consent, Instant now) {
    return consent.delivery() instanceof Delivery.Periodic periodic
        && periodic.schedule().window().map(w -> !w.allows(now)).orElse(false);
  }
}
