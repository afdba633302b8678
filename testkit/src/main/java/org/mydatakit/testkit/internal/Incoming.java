package org.mydatakit.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a received request the agency looks at, read leniently: anything malformed becomes
 * null (or {@link #badQuery}) and the agency answers accordingly. Untrusted throughout.
 */
final class Incoming {
  static final Pattern TRANSACTION_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
  private static final Pattern ITEMS_PATH = Pattern.compile("/mydata/v1/items/([^/]*)");
  private static final Pattern ITEM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Pattern JTI = Pattern.compile("[A-Za-z0-9_-]{1,128}");

  final String method;
  final String path;
  final boolean itemsPath;
  final String item;
  final String transactionId;
  final String grant;
  final String proof;
  final String dpopJti;
  final LocalDate from;
  final LocalDate to;
  final boolean badQuery;

  Incoming(Request request) {
    method = request.getMethod().getName().toUpperCase(Locale.ROOT);
    String url = request.getUrl();
    int q = url.indexOf('?');
    path = q < 0 ? url : url.substring(0, q);
    Matcher m = ITEMS_PATH.matcher(path);
    itemsPath = m.matches();
    item = itemsPath && ITEM.matcher(m.group(1)).matches() ? m.group(1) : null;
    String tran = request.getHeader("X-Api-Tran-Id");
    transactionId = tran != null && TRANSACTION_ID.matcher(tran).matches() ? tran : null;
    String authorization = request.getHeader("Authorization");
    grant =
        authorization != null && authorization.regionMatches(true, 0, "DPoP ", 0, 5)
            ? authorization.substring(5).trim()
            : null;
    proof = request.getHeader("DPoP");
    dpopJti = jtiOf(proof);
    LocalDate[] dates = new LocalDate[2];
    boolean fromOk = date(request.queryParameter("from"), dates, 0);
    boolean toOk = date(request.queryParameter("to"), dates, 1);
    badQuery =
        !fromOk || !toOk || (dates[0] != null && dates[1] != null && dates[0].isAfter(dates[1]));
    from = dates[0];
    to = dates[1];
  }

  /** Reads one optional date parameter; false if it is present but not exactly one YYYY-MM-DD. */
  private static boolean date(QueryParameter parameter, LocalDate[] into, int index) {
    if (parameter == null || !parameter.isPresent()) {
      return true;
    }
    if (parameter.values().size() != 1 || !parameter.firstValue().matches("\\d{4}-\\d{2}-\\d{2}")) {
      return false;
    }
    try {
      into[index] = LocalDate.parse(parameter.firstValue());
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /** The proof's {@code jti} if its claims are readable; the proof is not verified here. */
  private static String jtiOf(String proof) {
    if (proof == null || proof.length() > 8192) {
      return null;
    }
    String[] parts = proof.split("\\.", -1);
    if (parts.length != 3) {
      return null;
    }
    try {
      byte[] claims = Base64.getUrlDecoder().decode(parts[1]);
      JsonNode jti = Problems.JSON.readTree(new String(claims, StandardCharsets.UTF_8)).get("jti");
      return jti != null && jti.isTextual() && JTI.matcher(jti.asText()).matches()
          ? jti.asText()
          : null;
    } catch (Exception e) {
      return null;
    }
  }
}
