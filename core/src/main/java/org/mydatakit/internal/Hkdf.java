package org.mydatakit.internal;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF with HMAC-SHA256 (RFC 5869). Written out here because JDK 17 has no HKDF API (the {@code
 * javax.crypto.KDF} API arrived in JDK 24) and core should not pull in a crypto provider for 25
 * lines.
 */
public final class Hkdf {
  private static final String HMAC = "HmacSHA256";
  private static final int HASH_LEN = 32;

  private Hkdf() {}

  /** Extract then expand: returns {@code length} bytes of output keying material. */
  public static byte[] deriveSha256(byte[] salt, byte[] ikm, byte[] info, int length) {
    byte[] prk = extract(salt, ikm);
    try {
      return expand(prk, info, length);
    } finally {
      Arrays.fill(prk, (byte) 0);
    }
  }

  /** RFC 5869 §2.2; an empty or null salt means HashLen zero bytes. */
  public static byte[] extract(byte[] salt, byte[] ikm) {
    byte[] s = salt == null || salt.length == 0 ? new byte[HASH_LEN] : salt;
    return hmac(s).doFinal(ikm);
  }

  /** RFC 5869 §2.3. */
  public static byte[] expand(byte[] prk, byte[] info, int length) {
    if (length < 1 || length > 255 * HASH_LEN) {
      throw new IllegalArgumentException(
          "hkdf length: expected 1 to " + 255 * HASH_LEN + ", got " + length);
    }
    Mac mac = hmac(prk);
    byte[] out = new byte[length];
    byte[] t = new byte[0];
    for (int i = 1, done = 0; done < length; i++) {
      mac.update(t);
      mac.update(info);
      mac.update((byte) i);
      t = mac.doFinal();
      int n = Math.min(HASH_LEN, length - done);
      System.arraycopy(t, 0, out, done, n);
      done += n;
    }
    Arrays.fill(t, (byte) 0);
    return out;
  }

  /** A fresh HMAC-SHA256 keyed with {@code key}. */
  public static Mac hmac(byte[] key) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(key, HMAC));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("hmac-sha256: expected every jdk to provide it", e);
    }
  }
}
