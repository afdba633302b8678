package org.mydatakit.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * A compact JWS split and decoded strictly: exactly three canonical base64url parts, a header that
 * is one strict JSON object, and raw payload and signature bytes. Nothing is trusted yet.
 */
public final class CompactJws {
  private final String token;
  private final ObjectNode header;
  private final byte[] payload;
  private final byte[] signature;

  private CompactJws(String token, ObjectNode header, byte[] payload, byte[] signature) {
    this.token = token;
    this.header = header;
    this.payload = payload;
    this.signature = signature;
  }

  /**
   * Splits and decodes {@code token}, rejecting with {@link JwsException.Fault#TOO_LARGE} past
   * {@code maxLength} characters and {@link JwsException.Fault#MALFORMED} for any structural fault.
   */
  public static CompactJws parse(String token, int maxLength) throws JwsException {
    if (token == null || token.isEmpty()) {
      throw new JwsException(JwsException.Fault.MALFORMED);
    }
    if (token.length() > maxLength) {
      throw new JwsException(JwsException.Fault.TOO_LARGE);
    }
    int first = token.indexOf('.');
    int second = first < 0 ? -1 : token.indexOf('.', first + 1);
    if (first <= 0 || second < 0 || token.indexOf('.', second + 1) >= 0) {
      throw new JwsException(
          JwsException.Fault.MALFORMED); // JSON serialisation, JWE, 2, 4 or 5 parts
    }
    int end = token.length();
    if (second == end - 1 || second == first + 1) {
      throw new JwsException(JwsException.Fault.MALFORMED); // stripped signature, empty payload
    }
    try {
      byte[] headerBytes = Base64Url.decode(token, 0, first);
      byte[] payload = Base64Url.decode(token, first + 1, second);
      byte[] signature = Base64Url.decode(token, second + 1, end);
      return new CompactJws(token, StrictJson.object(headerBytes), payload, signature);
    } catch (IllegalArgumentException e) {
      throw new JwsException(JwsException.Fault.MALFORMED);
    }
  }

  public ObjectNode header() {
    return header;
  }

  public byte[] payload() {
    return payload;
  }

  public byte[] signature() {
    return signature;
  }

  /** The ASCII bytes of {@code header.payload}, which the signature covers. */
  public byte[] signingInput() {
    return token.substring(0, token.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public String toString() {
    return "CompactJws[redacted]";
  }
}
