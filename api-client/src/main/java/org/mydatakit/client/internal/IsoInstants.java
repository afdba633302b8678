package org.mydatakit.client.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * {@link Instant#parse} with a fast path for the form every provider sends, {@code
 * 2026-03-02T01:00:00Z} (optionally with 1 to 9 fraction digits): {@code Instant.parse} goes
 * through {@code DateTimeFormatter}, a noticeable share of a fetch's own work. Anything else, or a
 * field out of range, is left to {@code Instant.parse}, so the result (or the exception) is always
 * exactly its.
 */
final class IsoInstants {
  private IsoInstants() {}

  /**
   * As {@link Instant#parse}.
   *
   * @throws java.time.format.DateTimeParseException as {@link Instant#parse} does
   */
  static Instant parse(String text) {
    Instant fast = fast(text);
    return fast != null ? fast : Instant.parse(text);
  }

  private static Instant fast(String s) {
    int n = s.length();
    if (n < 20
        || s.charAt(n - 1) != 'Z'
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != 'T'
        || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return null;
    }
    int nanos = 0;
    if (n > 20) {
      int digits = n - 21;
      if (s.charAt(19) != '.' || digits < 1 || digits > 9) {
        return null;
      }
      int fraction = number(s, 20, n - 1);
      if (fraction < 0) {
        return null;
      }
      for (int i = digits; i < 9; i++) {
        fraction *= 10;
      }
      nanos = fraction;
    }
    int year = number(s, 0, 4);
    int month = number(s, 5, 7);
    int day = number(s, 8, 10);
    int hour = number(s, 11, 13);
    int minute = number(s, 14, 16);
    int second = number(s, 17, 19);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
      return null;
    }
    try {
      return LocalDateTime.of(year, month, day, hour, minute, second, nanos)
          .toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return null; // e.g. 24:00 or a leap second: Instant.parse decides
    }
  }

  /** The ASCII digits of {@code s[from, to)} as a number, or -1 if one is not a digit. */
  private static int number(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
