package org.mydatakit.internal;

import java.util.Base64;

/**
 * Strict base64url (RFC 4648 §5, no padding) as JWS compact serialisation requires it: only the 64
 * url-safe characters, no padding, no whitespace, and unused trailing bits zero — so that every
 * byte string has exactly one accepted encoding and a token cannot be altered without changing what
 * is signed.
 */
public final class Base64Url {
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private Base64Url() {}

  public static String encode(byte[] bytes) {
    return ENCODER.encodeToString(bytes);
  }

  /** Returns true if {@code s[from, to)} is canonical unpadded base64url. */
  public static boolean isCanonical(CharSequence s, int from, int to) {
    int len = to - from;
    if (len % 4 == 1) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
      if (!ok) {
        return false;
      }
    }
    if (len == 0) {
      return true;
    }
    // The last character of a 2- or 3-character group carries unused low bits that must be zero.
    int last = value(s.charAt(to - 1));
    return switch (len % 4) {
      case 2 -> (last & 0x0f) == 0;
      case 3 -> (last & 0x03) == 0;
      default -> true;
    };
  }

  /**
   * Decodes canonical base64url.
   *
   * @throws IllegalArgumentException if the text is not canonical
   */
  public static byte[] decode(CharSequence s, int from, int to) {
    if (!isCanonical(s, from, to)) {
      throw new IllegalArgumentException("expected canonical unpadded base64url");
    }
    return DECODER.decode(s.subSequence(from, to).toString());
  }

  /** Decodes a whole string of canonical base64url. */
  public static byte[] decode(String s) {
    return decode(s, 0, s.length());
  }

  private static int value(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    return c == '-' ? 62 : 63;
  }
}
