package org.mydatakit.client.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Waits between attempts: exponential from 200 ms, doubling, capped at 2 s, with "equal jitter"
 * (half fixed, half random) so that consumers retrying together spread out; and the parsing of
 * {@code Retry-After} (delta seconds or an HTTP date).
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

  /**
   * The {@code Retry-After} value as a duration from now, or null if absent or unreadable (the
   * caller then backs off as usual). Negative values and dates in the past mean zero.
   */
  public static Duration retryAfter(String header, Clock clock) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String v = header.trim();
    if (v.matches("[0-9]{1,9}")) {
      return Duration.ofSeconds(Long.parseLong(v));
    }
    try {
      ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration d = Duration.between(clock.instant(), at.toInstant());
      return d.isNegative() ? Duration.ZERO : d;
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
