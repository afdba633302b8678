package org.mydatakit.status;

import static org.mydatakit.status.StatusListException.Reason.INVALID_CLAIM;
import static org.mydatakit.status.StatusListException.Reason.MALFORMED;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import org.mydatakit.internal.Base64Url;
import org.mydatakit.internal.StatusListJson;

/** The claims of a Status List Token, read strictly; nothing is checked against policy yet. */
record StatusListClaims(
    String issuer, URI subject, long issuedAt, long expiresAt, long ttl, int bits, byte[] lst) {

  /**
   * Reads the claims from the verified payload.
   *
   * @throws StatusListException MALFORMED if the payload is not one strict JSON object or {@code
   *     lst} is not canonical base64url, INVALID_CLAIM for a missing claim or one of the wrong type
   */
  static StatusListClaims read(byte[] payload) throws StatusListException {
    ObjectNode claims;
    try {
      claims = StatusListJson.object(payload);
    } catch (IllegalArgumentException e) {
      throw new StatusListException(MALFORMED);
    }
    JsonNode list = claims.get("status_list");
    if (list == null || !list.isObject()) {
      throw new StatusListException(INVALID_CLAIM);
    }
    long bits = number(list, "bits");
    byte[] lst;
    try {
      lst = Base64Url.decode(text(list, "lst"));
    } catch (IllegalArgumentException e) {
      throw new StatusListException(MALFORMED);
    }
    return new StatusListClaims(
        text(claims, "iss"),
        uri(text(claims, "sub")),
        number(claims, "iat"),
        number(claims, "exp"),
        number(claims, "ttl"),
        (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, bits)),
        lst);
  }

  private static String text(JsonNode node, String name) throws StatusListException {
    JsonNode value = node.get(name);
    if (value == null || !value.isTextual()) {
      throw new StatusListException(INVALID_CLAIM);
    }
    return value.asText();
  }

  private static long number(JsonNode node, String name) throws StatusListException {
    JsonNode value = node.get(name);
    if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new StatusListException(INVALID_CLAIM);
    }
    return value.longValue();
  }

  private static URI uri(String text) throws StatusListException {
    try {
      return new URI(text);
    } catch (URISyntaxException e) {
      throw new StatusListException(INVALID_CLAIM);
    }
  }

  @Override
  public String toString() {
    return "StatusListClaims[redacted]";
  }
}
