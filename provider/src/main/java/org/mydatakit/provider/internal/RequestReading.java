package org.mydatakit.provider.internal;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mydatakit.consent.DataRange;

/**
 * How the gate reads the profile's request parts — path, transaction id, idempotency key, query
 * range — and computes the effective data range. Untrusted input throughout: anything malformed
 * reads as null.
 */
public final class RequestReading {
  private static final Pattern ITEMS_PATH = Pattern.compile(".*/mydata/v1/items/([^/]*)");
  private static final Pattern ITEM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Pattern TRANSACTION_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
  private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21\\x23-\\x7e]{1,255}");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  private RequestReading() {}

  /** The item named by a profile path ({@code .../mydata/v1/items/{item}}), or null. */
  public static String itemOfPath(String rawPath) {
    Matcher m = ITEMS_PATH.matcher(rawPath == null ? "" : rawPath);
    return m.matches() ? m.group(1) : null;
  }

  /** Whether {@code item} has an item code's form. */
  public static boolean isItem(String item) {
    return ITEM.matcher(item).matches();
  }

  /** The transaction id if sent once and well formed, else null. */
  public static String transactionId(List<String> values) {
    return values.size() == 1 && TRANSACTION_ID.matcher(values.get(0)).matches()
        ? values.get(0)
        : null;
  }

  /**
   * The idempotency key if sent once and well formed, as a token or an RFC 8941 string ({@code
   * "..."}, the form the Idempotency-Key draft names), which is unquoted; else null.
   */
  public static String idempotencyKey(List<String> values) {
    if (values.size() != 1) {
      return null;
    }
    String value = values.get(0).trim();
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      value = value.substring(1, value.length() - 1);
    }
    return IDEMPOTENCY_KEY.matcher(value).matches() ? value : null;
  }

  /**
   * The query's {@code from} and {@code to} (each null when absent), or null when either is
   * repeated or malformed, or {@code from} is after {@code to}. Other parameters are ignored.
   */
  public static LocalDate[] requestedRange(String query) {
    LocalDate[] range = new LocalDate[2];
    if (query == null || query.isEmpty()) {
      return range;
    }
    for (String pair : query.split("&", -1)) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      int index = name.equals("from") ? 0 : name.equals("to") ? 1 : -1;
      if (index < 0) {
        continue;
      }
      LocalDate date = eq < 0 ? null : date(pair.substring(eq + 1));
      if (date == null || range[index] != null) {
        return null;
      }
      range[index] = date;
    }
    if (range[0] != null && range[1] != null && range[0].isAfter(range[1])) {
      return null;
    }
    return range;
  }

  private static LocalDate date(String value) {
    if (!DATE.matcher(value).matches()) {
      return null;
    }
    try {
      LocalDate date = LocalDate.parse(value);
      return date.getYear() >= 1 ? date : null;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * The consent's range when the request names none; the requested range, completed from the
   * consent's, when it lies inside it; null (refuse) otherwise. Without a consent range, the
   * requested range as given (open ends at the calendar's bounds), or no limit.
   */
  public static Optional<DataRange> effectiveRange(
      Optional<DataRange> consent, LocalDate[] requested) {
    LocalDate from = requested[0];
    LocalDate to = requested[1];
    if (consent.isEmpty()) {
      if (from == null && to == null) {
        return Optional.empty();
      }
      return Optional.of(
          new DataRange(
              from == null ? LocalDate.of(1, 1, 1) : from,
              to == null ? LocalDate.of(9999, 12, 31) : to));
    }
    DataRange allowed = consent.get();
    if ((from != null && !allowed.contains(from)) || (to != null && !allowed.contains(to))) {
      return null;
    }
    return Optional.of(
        new DataRange(from == null ? allowed.from() : from, to == null ? allowed.to() : to));
  }
}
