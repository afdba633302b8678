package org.mydatakit.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.Request;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the fake agency's journal and fault knobs note of a received request, read leniently
 * (anything malformed becomes null). Untrusted; the gate decides on the request itself.
 */
final class Incoming {
  static final Pattern TRANSACTION_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
  private static final Pattern ITEMS_PATH = Pattern.compile("/mydata/v1/items/([^/]*)");
  private static final Pattern ITEM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Pattern JTI = Pattern.compile("[A-Za-z0-9_-]{1,128}");

  final String method;
  final String path;
  final String item;
  final String transactionId;
  final String dpopJti;

  Incoming(Request request) {
    method = request.getMethod().getName().toUpperCase(Locale.ROOT);
    String url = request.getUrl();
    int q = url.indexOf('?');
    path = q < 0 ? url : url.substring(0, q);
    Matcher m = ITEMS_PATH.matcher(path);
    item = m.matches() && ITEM.matcher(m.group(1)).matches() ? m.group(1) : null;
    String tran = request.getHeader("X-Api-Tran-Id");
    transactionId = tran != null && TRANSACTION_ID.matcher(tran).matches() ? tran : null;
    dpopJti = jtiOf(request.getHeader("DPoP"));
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
