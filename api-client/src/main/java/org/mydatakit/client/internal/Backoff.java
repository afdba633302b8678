package org.mydatakit.client.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Waits between attempts: exponential from 200 ms, doubling, capped at 2 s, with "equal jitter"
 * (half fixed, half random) so that consumers retrying together spread out.
 */
public final class Backoff {
  static final long BASE_MILLIS = 200;
  static final long CAP_MILLIS = 2_000;

  private Backoff() {}

  /** The wait after failed attempt number {@code attempt} (1-based). */
  public static Duration after(int attempt) {
    long ceiling = Math.min(CAP_MILLIS, BASE_MILLIS << Math.min(attempt - 1, 10));
    long half = ceiling / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
  }
}
