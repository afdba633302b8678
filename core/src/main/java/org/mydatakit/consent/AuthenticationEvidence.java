package org.mydatakit.consent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.mydatakit.internal.Checks;

/**
 * How the citizen was authenticated when they approved a consent, and a fingerprint of exactly what
 * they were shown.
 *
 * <pre>{@code
 * AuthenticationEvidence evidence = new AuthenticationEvidence(
 *     AuthenticationEvidence.Method.SIMPLE_AUTHENTICATION,
 *     now,
 *     "mobile-app",
 *     AuthenticationEvidence.sha256Hex(consentTextShown));
 * }</pre>
 *
 * <p>It holds no personal data: the channel is a token such as {@code mobile-app} and the hash is
 * the SHA-256 of the consent text, not of anything the citizen typed.
 */
public record AuthenticationEvidence(
    Method method, Instant authenticatedAt, String channel, String consentTextSha256) {
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  /** How the citizen proved who they are. */
  public enum Method {
    /** A mobile identity card (모바일 신분증). */
    MOBILE_ID,
    /** A private simple-authentication service (간편인증). */
    SIMPLE_AUTHENTICATION,
    /** A joint or private certificate (공동인증서 / 인증서). */
    CERTIFICATE
  }

  /**
   * Requires every part: an instant in the years 0001 to 9999, a token-form channel of at most 64
   * characters and exactly 64 lower-case hexadecimal characters for the hash.
   */
  public AuthenticationEvidence {
    Checks.notNull("evidence method", method);
    ConsentValues.instant("evidence authenticatedAt", authenticatedAt);
    Checks.token("evidence channel", channel, 64);
    Checks.notNull("evidence consentTextSha256", consentTextSha256);
    if (!SHA256_HEX.matcher(consentTextSha256).matches()) {
      throw new IllegalArgumentException(
          "evidence consentTextSha256: expected 64 lower-case hexadecimal characters, got "
              + Checks.describe(consentTextSha256));
    }
  }

  /** The lower-case hexadecimal SHA-256 of {@code text} encoded as UTF-8. */
  public static String sha256Hex(String text) {
    Checks.notNull("consent text", text);
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha256.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("sha-256: expected every jdk to provide it", e);
    }
  }
}
