package org.mydatakit.provider;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;

/**
 * What the shared ledgers and replay caches store instead of what they were given: digests of the
 * identifiers (fixed width, nothing a consumer sent sits in the store) and epoch milliseconds.
 */
final class LedgerValues {
  private LedgerValues() {}

  /**
   * The SHA-256 of {@code parts}, each prefixed with its length so that no two different lists give
   * the same input, as 43 base64url characters.
   */
  static String digest(String... parts) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("sha-256: expected in every java runtime", e);
    }
    for (String part : parts) {
      byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
      sha256.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
      sha256.update(bytes);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256.digest());
  }

  /** Epoch milliseconds rounded down, saturating: "now" is never late. */
  static long floorMillis(Instant instant) {
    try {
      return Math.addExact(
          Math.multiplyExact(instant.getEpochSecond(), 1000), instant.getNano() / 1_000_000);
    } catch (ArithmeticException e) {
      return instant.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /** Epoch milliseconds rounded up, saturating: an expiry is never early. */
  static long ceilMillis(Instant instant) {
    long floor = floorMillis(instant);
    boolean fraction = instant.getNano() % 1_000_000 != 0;
    return fraction && floor != Long.MAX_VALUE ? floor + 1 : floor;
  }
}
