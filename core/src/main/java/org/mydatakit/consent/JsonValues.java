package org.mydatakit.consent;

import static org.mydatakit.consent.ConsentCodec.PREFIX;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Converts JSON strings to values, with messages that name the path and never quote input. */
final class JsonValues {
  private static final Pattern INSTANT =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern TIME = Pattern.compile("\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?");

  private JsonValues() {}

  /** Requires a value at {@code path}. */
  static <T> T required(String path, T value) {
    if (value == null) {
      throw new IllegalArgumentException(PREFIX + path + ": expected a value, got null or nothing");
    }
    return value;
  }

  /** Applies a model constructor or parser, prefixing its message with {@code path}. */
  static <T, R> R convert(String path, T value, Function<T, R> f) {
    required(path, value);
    try {
      return f.apply(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(PREFIX + path + ": " + e.getMessage());
    }
  }

  /**
   * Runs {@code f}, prefixing an {@link IllegalArgumentException}'s message with {@code path} (if
   * any).
   */
  static <R> R at(String path, Supplier<R> f) {
    try {
      return f.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          e.getMessage().startsWith(PREFIX)
              ? e.getMessage()
              : PREFIX + (path.isEmpty() ? "" : path + ": ") + e.getMessage());
    }
  }

  /** An ISO-8601 instant in UTC with a {@code Z}, such as {@code 2026-11-27T01:02:03Z}. */
  static Instant instant(String path, String text) {
    required(path, text);
    try {
      if (INSTANT.matcher(text).matches()) {
        return Instant.parse(text);
      }
    } catch (DateTimeException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException(
        PREFIX
            + path
            + ": expected an iso-8601 utc instant ending in Z such as 2026-11-27T01:02:03Z"
            + " (offsets such as +09:00 are not accepted)");
  }

  /** A date {@code YYYY-MM-DD}. */
  static LocalDate date(String path, String text) {
    return parse(path, text, DATE, LocalDate::parse, "a date such as 2026-01-31");
  }

  /** A time {@code HH:MM[:SS]}. */
  static LocalTime time(String path, String text) {
    return parse(path, text, TIME, LocalTime::parse, "a time such as 09:00");
  }

  /** An ISO-8601 period such as {@code P1Y}. */
  static Period period(String path, String text) {
    return parse(path, text, null, Period::parse, "an iso-8601 period such as P1Y");
  }

  /** A zone id such as {@code Asia/Seoul}. */
  static ZoneId zone(String path, String text) {
    return parse(path, text, null, ZoneId::of, "a zone id such as Asia/Seoul");
  }

  /** The enum constant named exactly {@code text}. */
  static <E extends Enum<E>> E enumValue(String path, String text, Class<E> type) {
    required(path, text);
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(text)) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        PREFIX
            + path
            + ": expected one of "
            + Arrays.stream(type.getEnumConstants())
                .map(Enum::name)
                .collect(Collectors.joining(", ")));
  }

  private static <R> R parse(
      String path, String text, Pattern form, Function<String, R> f, String expected) {
    required(path, text);
    try {
      if (form == null || form.matcher(text).matches()) {
        return f.apply(text);
      }
    } catch (DateTimeException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException(PREFIX + path + ": expected " + expected);
  }
}
