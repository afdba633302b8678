package org.mydatakit.internal;

/**
 * The {@code typ} header compared as a media type (RFC 7515 §4.1.9, RFC 6838 §4.2): the {@code
 * application/} prefix may be left out and letters compare without case. Only ASCII letters fold,
 * so that no locale's rules (the Kelvin sign, the dotless i) can make another string match; no
 * whitespace or parameter is accepted.
 */
public final class MediaTypes {
  private static final String PREFIX = "application/";

  private MediaTypes() {}

  /**
   * Whether {@code typ} names the media type {@code application/expected}; {@code expected} is
   * given without the prefix, in lower case.
   */
  public static boolean isType(String typ, String expected) {
    if (typ == null) {
      return false;
    }
    if (typ.length() == expected.length()) {
      return asciiEqualsIgnoreCase(typ, 0, expected);
    }
    return typ.length() == PREFIX.length() + expected.length()
        && asciiEqualsIgnoreCase(typ, 0, PREFIX)
        && asciiEqualsIgnoreCase(typ, PREFIX.length(), expected);
  }

  /** Whether {@code text} from {@code offset} starts with {@code lower}, ASCII letters folded. */
  private static boolean asciiEqualsIgnoreCase(String text, int offset, String lower) {
    for (int i = 0; i < lower.length(); i++) {
      char c = text.charAt(offset + i);
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + ('a' - 'A'));
      }
      if (c != lower.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
