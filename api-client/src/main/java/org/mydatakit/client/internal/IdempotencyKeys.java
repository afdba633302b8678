package org.mydatakit.client.internal;

import java.security.SecureRandom;
import org.mydatakit.internal.Base64Url;

/**
 * The {@code Idempotency-Key} of one fetch: 128 random bits, base64url without padding (22
 * characters), sent as a plain token. One key per fetch, the same on each of its retries, so a
 * provider that already delivered can answer a retry after a lost response again without taking a
 * second delivery from the grant.
 */
public final class IdempotencyKeys {
  /** The request header. */
  public static final String HEADER = "Idempotency-Key";

  private static final SecureRandom RANDOM = new SecureRandom();

  private IdempotencyKeys() {}

  /** A new key. */
  public static String next() {
    byte[] key = new byte[16];
    RANDOM.nextBytes(key);
    return Base64Url.encode(key);
  }
}
