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
 * the SHA-256 of the consent text, not of anything the citizen typed. Where the text was rendered
 * from a versioned template, {@code textLanguage} and {@code textVersion} name which, so the text
 * can be rendered again and compared; receipts name them.
 */
public record AuthenticationEvidence(
    Method method,
    Instant authenticatedAt,
    String channel,
    String consentTextSha256,
    String textLanguage,
    String textVersion) {
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");

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
   * Evidence without the text's language and template version (both null: not recorded), as before
   * they were recorded.
   */
  public AuthenticationEvidence(
      Method method, Instant authenticatedAt, String channel, String consentTextSha256) {
    this(method, authenticatedAt, channel, consentTextSha256, null, null);
  }

  /**
   * Requires every part: an instant in the years 0001 to 9999, a token-form channel of at most 64
   * characters and exactly 64 lower-case hexadecimal characters for the hash; the text's language
   * (an ISO 639 code such as {@code ko}) and the version of the template it was rendered from (a
   * token of at most 32 characters) are both given or both null.
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
    if ((textLanguage == null) != (textVersion == null)) {
      throw new IllegalArgumentException(
          "evidence textLanguage and textVersion: expected both or neither");
    }
    if (textLanguage != null && !LANGUAGE.matcher(textLanguage).matches()) {
      throw new IllegalArgumentException(
          "evidence textLanguage: expected a two- or three-letter lower-case ISO 639 code");
    }
    if (textVersion != null) {
      Checks.token("evidence textVersion", textVersion, 32);
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
