package org.mydatakit.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.mydatakit.grant.InvalidGrantException;
import org.mydatakit.grant.InvalidGrantException.Reason;

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
   * Splits and decodes {@code token}, rejecting with {@code tooLarge} past {@code maxLength}
   * characters and {@code malformed} for any structural fault.
   */
  public static CompactJws parse(String token, int maxLength, Reason tooLarge, Reason malformed)
      throws InvalidGrantException {
    if (token == null || token.isEmpty()) {
      throw new InvalidGrantException(malformed);
    }
    if (token.length() > maxLength) {
      throw new InvalidGrantException(tooLarge);
    }
    int first = token.indexOf('.');
    int second = first < 0 ? -1 : token.indexOf('.', first + 1);
    if (first <= 0 || second < 0 || token.indexOf('.', second + 1) >= 0) {
      throw new InvalidGrantException(malformed); // JSON serialisation, JWE, 2, 4 or 5 parts
    }
    int end = token.length();
    if (second == end - 1 || second == first + 1) {
      throw new InvalidGrantException(malformed); // stripped signature, empty payload
    }
    try {
      byte[] headerBytes = Base64Url.decode(token, 0, first);
      byte[] payload = Base64Url.decode(token, first + 1, second);
      byte[] signature = Base64Url.decode(token, second + 1, end);
      return new CompactJws(token, StrictJson.object(headerBytes), payload, signature);
    } catch (IllegalArgumentException e) {
      throw new InvalidGrantException(malformed);
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
