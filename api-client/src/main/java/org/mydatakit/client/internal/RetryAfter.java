package org.mydatakit.client.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The one reader of {@code Retry-After} (RFC 9110 §10.2.3): delta-seconds or an HTTP date, as a
 * wait from now. Provider fetches and the remote broker both use it.
 */
public final class RetryAfter {
  /**
   * The longest wait read, about 31.7 years: longer delta-seconds (any number of digits) are read
   * as this, so that "come back much later" stays beyond every cap instead of becoming unreadable.
   */
  public static final Duration LONGEST = Duration.ofSeconds(999_999_999);

  private RetryAfter() {}

  /**
   * The wait the header asks for, or null if it is absent or unreadable (then the caller backs off
   * as usual). Delta-seconds are ASCII digits only, so a negative or signed value is unreadable; an
   * HTTP date (IMF-fixdate, e.g. {@code Sun, 06 Nov 1994 08:49:37 GMT}) in the past means zero.
   */
  public static Duration parse(String header, Instant now) {
    if (header == null) {
      return null;
    }
    String v = header.trim();
    if (v.isEmpty()) {
      return null;
    }
    if (digits(v)) {
      return v.length() > 9 ? LONGEST : Duration.ofSeconds(Long.parseLong(v));
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(now, at);
      return d.isNegative() ? Duration.ZERO : d.compareTo(LONGEST) > 0 ? LONGEST : d;
    } catch (DateTimeParseException | ArithmeticException e) {
      return null;
    }
  }

  private static boolean digits(String v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
