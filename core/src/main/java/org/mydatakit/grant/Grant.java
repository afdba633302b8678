package org.mydatakit.grant;

import java.time.Duration;
import java.time.Instant;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.internal.Checks;

/**
 * An issued grant: the compact JWS a consumer presents to one provider agency, with the facts the
 * broker records about it.
 *
 * <pre>{@code
 * Grant grant = issuer.issue(consent, AgencyId.of("NHIS"), consumerKey.thumbprint());
 * http.header("Authorization", "DPoP " + grant.token());
 * }</pre>
 *
 * <p>Immutable. {@link #toString()} never shows the token.
 */
public final class Grant {
  /** The default lifetime of a grant: 5 minutes. */
  public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

  /** The longest lifetime any grant may have, and any verifier accepts: 10 minutes. */
  public static final Duration MAX_LIFETIME = Duration.ofMinutes(10);

  private final String token;
  private final String grantId;
  private final ConsentId consentId;
  private final AgencyId provider;
  private final Instant issuedAt;
  private final Instant expiresAt;

  Grant(
      String token,
      String grantId,
      ConsentId consentId,
      AgencyId provider,
      Instant issuedAt,
      Instant expiresAt) {
    this.token = token;
    this.grantId = grantId;
    this.consentId = consentId;
    this.provider = provider;
    this.issuedAt = issuedAt;
    this.expiresAt = expiresAt;
  }

  /**
   * A grant issued elsewhere, as a remote broker's answer describes it: for a {@code GrantSource}
   * that talks to a broker over HTTP. Nothing is verified here — the provider agency verifies the
   * token — so only the shape is checked: every part present and {@code expiresAt} after {@code
   * issuedAt}.
   *
   * <pre>{@code
   * Grant grant = Grant.of(token, grantId, consentId, AgencyId.of("NHIS"), issuedAt, expiresAt);
   * }</pre>
   *
   * @throws IllegalArgumentException if a part is missing or the times are out of order
   */
  public static Grant of(
      String token,
      String grantId,
      ConsentId consentId,
      AgencyId provider,
      Instant issuedAt,
      Instant expiresAt) {
    Checks.notNull("grant token", token);
    Checks.grantId(grantId);
    Checks.notNull("consent id", consentId);
    Checks.notNull("provider", provider);
    Checks.notNull("issued at", issuedAt);
    Checks.notNull("expires at", expiresAt);
    if (!expiresAt.isAfter(issuedAt)) {
      throw new IllegalArgumentException("grant: expected expiresAt after issuedAt");
    }
    return new Grant(token, grantId, consentId, provider, issuedAt, expiresAt);
  }

  /** The compact JWS. A bearer of secrets about a citizen: never log it. */
  public String token() {
    return token;
  }

  /** The grant's {@code jti}. */
  public String grantId() {
    return grantId;
  }

  public ConsentId consentId() {
    return consentId;
  }

  /** The provider agency the grant is for ({@code aud}). */
  public AgencyId provider() {
    return provider;
  }

  public Instant issuedAt() {
    return issuedAt;
  }

  public Instant expiresAt() {
    return expiresAt;
  }

  /** True if the grant is still usable at {@code now} with {@code margin} to spare. */
  public boolean isUsableAt(Instant now, Duration margin) {
    return now.plus(margin).isBefore(expiresAt);
  }

  @Override
  public String toString() {
    return "Grant[consent="
        + consentId
        + ", provider="
        + provider
        + ", expiresAt="
        + expiresAt
        + "]";
  }
}
