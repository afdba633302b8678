package org.mydatakit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.regex.Pattern;

/**
 * Signing and envelope checks for the broker's signed documents outside the grant package (audit
 * checkpoints, consent receipts): the same strict envelope as grants, a claims set that is one
 * strict JSON object, and small typed readers for its members.
 */
public final class SignedTokens {
  /** 9999-12-31T23:59:59Z, the last second of the dates signed documents may carry. */
  public static final long MAX_EPOCH_SECOND = 253_402_300_799L;

  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

  private SignedTokens() {}

  /** Verifies the envelope of {@code token} (exact {@code typ}) and returns its claims set. */
  public static ObjectNode claims(String token, KeyRing keys, String typ, int maxLength)
      throws JwsException {
    JwsCheck.Verified verified = JwsCheck.verify(token, keys, typ, maxLength);
    try {
      return StrictJson.object(verified.payload());
    } catch (IllegalArgumentException e) {
      throw new JwsException(JwsException.Fault.MALFORMED);
    }
  }

  /** The string member {@code name}, or null if absent or not a string. */
  public static String text(ObjectNode claims, String name) {
    JsonNode node = claims.get(name);
    return node != null && node.isTextual() ? node.asText() : null;
  }

  /** The integer member {@code name} if it is one in {@code [min, Long.MAX_VALUE]}, else -1. */
  public static long integer(ObjectNode claims, String name, long min) {
    JsonNode node = claims.get(name);
    if (node == null || !node.isIntegralNumber() || !node.canConvertToLong()) {
      return -1;
    }
    long value = node.longValue();
    return value >= min ? value : -1;
  }

  /**
   * The integer member {@code name} if it is a date a broker writes, in seconds from 1970 to the
   * end of 9999 (beyond that {@link java.time.Instant} itself may overflow), else -1.
   */
  public static long date(ObjectNode claims, String name) {
    long value = integer(claims, name, 0);
    return value <= MAX_EPOCH_SECOND ? value : -1;
  }

  /** Whether {@code value} is a SHA-256 hash in 64 lower-case hex digits. */
  public static boolean isHash(String value) {
    return value != null && HASH.matcher(value).matches();
  }
}
