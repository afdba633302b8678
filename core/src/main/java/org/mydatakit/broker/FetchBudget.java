package org.mydatakit.broker;

import java.time.Instant;
import java.util.Optional;

/**
 * How many grants a consent still allows at one provider in the current period: a preflight, so a
 * consumer never has to fail to learn its limits.
 *
 * @param limit grants allowed per period (1 for a one-time consent)
 * @param used grants already issued in this period
 * @param periodEnds when the period ends and the budget resets; empty for a one-time consent
 */
public record FetchBudget(int limit, int used, Optional<Instant> periodEnds) {

  /** Grants still allowed in this period. */
  public int remaining() {
    return Math.max(0, limit - used);
  }
}
