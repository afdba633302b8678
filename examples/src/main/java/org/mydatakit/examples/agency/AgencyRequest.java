package org.mydatakit.examples.agency;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a received request the agency looks at, read leniently: anything malformed becomes
 * null (or {@link #badQuery}) and the handler answers accordingly. Untrusted throughout; {@link
 * #toString()} shows neither the grant nor the proof.
 */
final class AgencyRequest {
  private static final Pattern ITEMS_PATH = Pattern.compile("/mydata/v1/items/([^/]*)");
  private static final Pattern ITEM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Pattern TRANSACTION_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  final String method;
  final String path;
  final boolean itemsPath;
  final String item;
  final String transactionId;
  final String grant;
  final String proof;
  LocalDate from;
  LocalDate to;
  boolean badQuery;

  AgencyRequest(HttpExchange exchange) {
    method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    path = exchange.getRequestURI().getRawPath();
    Matcher m = ITEMS_PATH.matcher(path == null ? "" : path);
    itemsPath = m.matches();
    item = itemsPath && ITEM.matcher(m.group(1)).matches() ? m.group(1) : null;
    Headers headers = exchange.getRequestHeaders();
    String tran = single(headers, "X-Api-Tran-Id");
    transactionId = tran != null && TRANSACTION_ID.matcher(tran).matches() ? tran : null;
    String authorization = single(headers, "Authorization");
    grant =
        authorization != null && authorization.regionMatches(true, 0, "DPoP ", 0, 5)
            ? authorization.substring(5)
            : null;
    proof = single(headers, "DPoP");
    readQuery(exchange.getRequestURI().getRawQuery());
  }

  /** The header's value if it was sent exactly once; RFC 9449 allows one DPoP header only. */
  private static String single(Headers headers, String name) {
    List<String> values = headers.get(name);
    return values != null && values.size() == 1 ? values.get(0) : null;
  }

  /** {@code from} and {@code to}: each at most once, exactly YYYY-MM-DD, not from after to. */
  private void readQuery(String query) {
    if (query == null || query.isEmpty()) {
      return;
    }
    for (String pair : query.split("&", -1)) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      if (name.equals("from") || name.equals("to")) {
        LocalDate date = date(value);
        boolean repeated = name.equals("from") ? from != null : to != null;
        if (date == null || repeated) {
          badQuery = true;
        } else if (name.equals("from")) {
          from = date;
        } else {
          to = date;
        }
      }
    }
    badQuery |= from != null && to != null && from.isAfter(to);
  }

  private static LocalDate date(String value) {
    if (!DATE.matcher(value).matches()) {
      return null;
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "AgencyRequest[" + method + " item=" + item + "]";
  }
}
