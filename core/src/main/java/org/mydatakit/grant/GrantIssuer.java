package org.mydatakit.grant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentStateException;
import org.mydatakit.consent.ConsentStatus;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.consent.SubjectId;
import org.mydatakit.internal.Base64Url;
import org.mydatakit.internal.Checks;
import org.mydatakit.internal.JwsSigning;
import org.mydatakit.internal.StrictJson;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.status.StatusReference;

/**
 * Issues grants: the broker's signature over one consent at one provider agency, bound to the
 * consumer's DPoP key and short-lived.
 *
 * <p>A grant carries exactly the header {@code {"typ":"mydata-grant+jwt","alg":…,"kid":…}} and the
 * claims {@code iss aud sub azp cid scope pur [rng] iat nbf exp jti cnf [status]} of
 * docs/architecture.md, section 5. It never outlives the consent: {@code exp} is the earlier of now
 * + lifetime and {@code validUntil}.
 *
 * <pre>{@code
 * GrantIssuer issuer = GrantIssuer.builder(brokerKeys, "https://broker.example").build();
 * Grant grant = issuer.issue(consent, AgencyId.of("NHIS"), consumerJkt,
 *     StatusReference.of(URI.create("https://broker.example/status/1"), consent.statusIndex().getAsLong()));
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class GrantIssuer {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String issuer;
  private final JwsSigning signing;
  private final Duration lifetime;
  private final Clock clock;

  private GrantIssuer(Builder b) {
    this.issuer = b.issuer;
    this.signing = JwsSigning.current(b.keys.exportPrivateJwks());
    this.lifetime = b.lifetime;
    this.clock = b.clock;
  }

  /** Starts configuring an issuer that signs with {@code keys}' current key as {@code issuer}. */
  public static Builder builder(SigningKeySet keys, String issuer) {
    return new Builder(keys, issuer);
  }

  /** Issues a grant without a status reference (for verifiers that skip revocation checks). */
  public Grant issue(Consent consent, AgencyId provider, String consumerJkt) {
    return issue(consent, provider, consumerJkt, null);
  }

  /**
   * Issues a grant for {@code consent} at {@code provider}, bound to the DPoP key whose RFC 7638
   * thumbprint is {@code consumerJkt}.
   *
   * @param status where providers check the consent's status; null to leave it out
   * @throws ConsentStateException if the consent is not ACTIVE or not within its validity now
   * @throws IllegalArgumentException if the consent has no items at {@code provider} or the
   *     thumbprint is not 43 base64url characters
   */
  public Grant issue(
      Consent consent, AgencyId provider, String consumerJkt, StatusReference status) {
    Checks.notNull("consent", consent);
    Checks.notNull("provider", provider);
    if (consumerJkt == null
        || consumerJkt.length() != 43
        || !Base64Url.isCanonical(consumerJkt, 0, 43)) {
      throw new IllegalArgumentException(
          "consumer jkt: expected a sha-256 jwk thumbprint of 43 base64url characters");
    }
    Instant now = clock.instant();
    if (consent.status() != ConsentStatus.ACTIVE) {
      throw refused(consent, "expected state ACTIVE, got " + consent.status());
    }
    if (!consent.isWithinValidity(now)) {
      throw refused(consent, "outside its validity period");
    }
    Set<ItemCode> items = consent.itemsAt(provider);
    if (items.isEmpty()) {
      throw new IllegalArgumentException(
          "provider: expected a provider of the consent, got " + provider + " with no items");
    }
    SubjectId subject =
        consent
            .subject()
            .at(provider)
            .orElseThrow(() -> new IllegalStateException("consent has no subject at " + provider));
    Instant iat = Instant.ofEpochSecond(now.getEpochSecond());
    Instant exp = iat.plus(lifetime);
    if (exp.isAfter(consent.validUntil())) {
      exp = Instant.ofEpochSecond(consent.validUntil().getEpochSecond());
    }
    if (!exp.isAfter(iat)) {
      throw refused(consent, "the consent ends within the second");
    }
    byte[] id = new byte[16];
    RANDOM.nextBytes(id);
    String jti = Base64Url.encode(id);

    ObjectNode claims = StrictJson.mapper().createObjectNode();
    claims.put("iss", issuer);
    claims.put("aud", provider.value());
    claims.put("sub", subject.value());
    claims.put("azp", consent.consumer().value());
    claims.put("cid", consent.id().toString());
    claims.put(
        "scope",
        new TreeSet<>(items).stream().map(ItemCode::value).collect(Collectors.joining(" ")));
    claims.put("pur", consent.purpose().code());
    consent
        .dataRange()
        .ifPresent(
            r -> {
              ObjectNode rng = claims.putObject("rng");
              rng.put("from", r.from().toString());
              rng.put("to", r.to().toString());
            });
    claims.put("iat", iat.getEpochSecond());
    claims.put("nbf", iat.getEpochSecond());
    claims.put("exp", exp.getEpochSecond());
    claims.put("jti", jti);
    claims.putObject("cnf").put("jkt", consumerJkt);
    if (status != null) {
      ObjectNode list = claims.putObject("status").putObject("status_list");
      list.put("idx", status.index());
      list.put("uri", status.uri().toString());
    }
    String token = signing.sign(StrictGrantVerifier.GRANT_TYPE, claims.toString(), false);
    return new Grant(token, jti, consent.id(), provider, iat, exp);
  }

  private static ConsentStateException refused(Consent consent, String why) {
    return new ConsentStateException(
        "issue a grant for", Optional.of(consent.id()), consent.status(), consent.status(), why);
  }

  @Override
  public String toString() {
    return "GrantIssuer[issuer=" + issuer + ", lifetime=" + lifetime + "]";
  }

  /** Configures a {@link GrantIssuer}; validated at {@link #build()}. */
  public static final class Builder {
    private final SigningKeySet keys;
    private final String issuer;
    private Duration lifetime = Grant.DEFAULT_LIFETIME;
    private Clock clock = Clock.systemUTC();

    private Builder(SigningKeySet keys, String issuer) {
      this.keys = Checks.notNull("signing keys", keys);
      this.issuer = Checks.issuer(issuer);
    }

    /** How long grants live: more than 0 and at most {@link Grant#MAX_LIFETIME}; default 5 min. */
    public Builder lifetime(Duration lifetime) {
      this.lifetime = Checks.notNull("lifetime", lifetime);
      return this;
    }

    /** The clock; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull("clock", clock);
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalStateException if the lifetime is not positive or exceeds the cap (never
     *     clamped)
     */
    public GrantIssuer build() {
      if (lifetime.compareTo(Duration.ofSeconds(1)) < 0
          || lifetime.compareTo(Grant.MAX_LIFETIME) > 0) {
        throw new IllegalStateException(
            "grant lifetime: expected PT1S to " + Grant.MAX_LIFETIME + ", got " + lifetime);
      }
      return new GrantIssuer(this);
    }
  }
}
