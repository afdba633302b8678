package org.mydatakit.consent;

import org.mydatakit.internal.Checks;

/**
 * How often the consumer may fetch: once (1회 전송), or periodically (정기적 전송) on a schedule with a
 * fetch budget per period that the broker enforces.
 *
 * <pre>{@code
 * Delivery once = Delivery.oneTime();
 * Delivery monthly = Delivery.periodic(Schedule.every(1, Schedule.Unit.MONTHS), 4);
 * if (monthly instanceof Delivery.Periodic p) {
 *   int budget = p.fetchBudgetPerPeriod();
 * }
 * }</pre>
 */
public sealed interface Delivery permits Delivery.OneTime, Delivery.Periodic {
  /** The largest fetch budget per period. */
  int MAX_FETCH_BUDGET = 10_000;

  /** The two kinds of delivery. */
  enum Kind {
    /** A single delivery. */
    ONE_TIME,
    /** Repeated deliveries on a schedule. */
    PERIODIC
  }

  /** Which kind of delivery this is. */
  Kind kind();

  /** Returns the one-time delivery. */
  static Delivery oneTime() {
    return OneTime.INSTANCE;
  }

  /**
   * Returns a periodic delivery.
   *
   * @param fetchBudgetPerPeriod how many fetches the consumer may make per period, 1 to {@value
   *     #MAX_FETCH_BUDGET}
   */
  static Delivery periodic(Schedule schedule, int fetchBudgetPerPeriod) {
    return new Periodic(schedule, fetchBudgetPerPeriod);
  }

  /** A single delivery. */
  record OneTime() implements Delivery {
    private static final OneTime INSTANCE = new OneTime();

    @Override
    public Kind kind() {
      return Kind.ONE_TIME;
    }
  }

  /** Repeated deliveries on {@code schedule}, at most {@code fetchBudgetPerPeriod} per period. */
  record Periodic(Schedule schedule, int fetchBudgetPerPeriod) implements Delivery {

    /** Requires a schedule and a budget of 1 to {@value Delivery#MAX_FETCH_BUDGET}. */
    public Periodic {
      Checks.notNull("delivery schedule", schedule);
      if (fetchBudgetPerPeriod < 1 || fetchBudgetPerPeriod > MAX_FETCH_BUDGET) {
        throw new IllegalArgumentException(
            "delivery fetch budget: expected 1 to "
                + MAX_FETCH_BUDGET
                + ", got "
                + fetchBudgetPerPeriod);
      }
    }

    @Override
    public Kind kind() {
      return Kind.PERIODIC;
    }
  }
}
