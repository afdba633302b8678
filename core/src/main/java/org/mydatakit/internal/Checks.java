package org.mydatakit.internal;

import java.util.regex.Pattern;

/** Argument checks whose messages name what was expected and never echo secret input. */
public final class Checks {
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private Checks() {}

  /**
   * Requires a non-null identifier of at most {@code max} characters of {@code [A-Za-z0-9._-]},
   * starting with a letter or digit. Such identifiers are not personal data, so the message may
   * quote the value.
   */
  public static String token(String what, String value, int max) {
    if (value == null) {
      throw new IllegalArgumentException(what + ": expected a value, got null");
    }
    if (value.isEmpty() || value.length() > max || !TOKEN.matcher(value).matches()) {
      throw new IllegalArgumentException(
          what
              + ": expected 1 to "
              + max
              + " characters of letters, digits, '.', '_' or '-' starting with a letter or digit,"
              + " got "
              + describe(value));
    }
    return value;
  }

  private static final Pattern GRANT_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  /** Requires a grant id ({@code jti}): 1 to 128 characters of base64url or {@code .}. */
  public static String grantId(String grantId) {
    if (grantId == null || !GRANT_ID.matcher(grantId).matches()) {
      throw new IllegalArgumentException(
          "grant id: expected 1 to 128 characters of letters, digits, '.', '_' or '-'");
    }
    return grantId;
  }

  /**
   * Requires a key id: 1 to 128 characters of base64url or {@code .} — automatic kids are RFC 7638
   * thumbprints, which may start with {@code -} or {@code _}.
   */
  public static String kid(String kid) {
    if (kid == null || !GRANT_ID.matcher(kid).matches()) {
      throw new IllegalArgumentException(
          "kid: expected 1 to 128 characters of letters, digits, '.', '_' or '-'");
    }
    return kid;
  }

  /** Requires an issuer identifier: 1 to 256 characters, not blank. */
  public static String issuer(String issuer) {
    if (issuer == null || issuer.isBlank() || issuer.length() > 256) {
      throw new IllegalArgumentException("issuer: expected 1 to 256 characters, not blank");
    }
    return issuer;
  }

  /** Requires a non-null argument, with a message naming it. */
  public static <T> T notNull(String what, T value) {
    if (value == null) {
      throw new IllegalArgumentException(what + ": expected a value, got null");
    }
    return value;
  }

  /** Describes untrusted text without reproducing long or unprintable input. */
  public static String describe(String value) {
    if (value.length() <= 64 && value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      return "'" + value + "'";
    }
    return "a value of " + value.length() + " characters";
  }
}
