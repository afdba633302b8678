package org.mydatakit.status;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.mydatakit.internal.Base64Url;
import org.mydatakit.internal.Checks;
import org.mydatakit.internal.JwsSigning;
import org.mydatakit.internal.StatusListJson;
import org.mydatakit.keys.SigningKeySet;

/**
 * Signs status lists as Status List Tokens: the broker's side of revocation.
 *
 * <p>A token carries exactly the header {@code {"typ":"statuslist+jwt","alg":…,"kid":…}} (the
 * current key decides {@code alg}) and the claims {@code iss sub iat exp ttl status_list}, where
 * {@code sub} is the list's uri and {@code status_list} is {@code {"bits":2,"lst":…}}.
 *
 * <pre>{@code
 * StatusListIssuer issuer = StatusListIssuer.builder(brokerKeys, "https://broker.example")
 *     .ttl(Duration.ofMinutes(5))
 *     .build();
 * String token = issuer.sign(URI.create("https://broker.example/status/1"), list);
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class StatusListIssuer {
  /** Type of a Status List Token. */
  public static final String TYPE = "statuslist+jwt";

  private final String issuer;
  private final JwsSigning signing;
  private final Duration ttl;
  private final Duration lifetime;
  private final Clock clock;

  private StatusListIssuer(Builder b) {
    this.issuer = b.issuer;
    this.signing = JwsSigning.current(b.keys.exportPrivateJwks());
    this.ttl = b.ttl;
    this.lifetime = b.lifetime;
    this.clock = b.clock;
  }

  /** Starts configuring an issuer that signs with {@code keys}' current key as {@code issuer}. */
  public static Builder builder(SigningKeySet keys, String issuer) {
    return new Builder(keys, issuer);
  }

  /**
   * Signs {@code list} as the list published at {@code uri}, issued now.
   *
   * @throws IllegalArgumentException if {@code uri} is not an absolute http(s) uri
   */
  public String sign(URI uri, StatusList list) {
    StatusReference.of(uri, 0); // the same uri rules as the grants that point here
    Checks.notNull("status list", list);
    Instant now = clock.instant();
    ObjectNode claims = StatusListJson.mapper().createObjectNode();
    claims.put("iss", issuer);
    claims.put("sub", uri.toString());
    claims.put("iat", now.getEpochSecond());
    claims.put("exp", now.plus(lifetime).getEpochSecond());
    claims.put("ttl", ttl.getSeconds());
    ObjectNode statusList = claims.putObject("status_list");
    statusList.put("bits", StatusList.BITS);
    statusList.put("lst", Base64Url.encode(list.encode()));
    return signing.sign(TYPE, claims.toString(), false);
  }

  @Override
  public String toString() {
    return "StatusListIssuer[ttl=" + ttl + ", lifetime=" + lifetime + "]";
  }

  /** Configures a {@link StatusListIssuer}; validated in {@link #build()}. */
  public static final class Builder {
    private final SigningKeySet keys;
    private final String issuer;
    private Duration ttl = Duration.ofMinutes(5);
    private Duration lifetime = Duration.ofDays(1);
    private Clock clock = Clock.systemUTC();

    private Builder(SigningKeySet keys, String issuer) {
      this.keys = Checks.notNull("signing keys", keys);
      this.issuer = Checks.issuer(issuer);
    }

    /** How long providers may serve the list before refetching: whole seconds, default 5 min. */
    public Builder ttl(Duration ttl) {
      this.ttl = Checks.notNull("ttl", ttl);
      return this;
    }

    /** {@code exp - iat}: whole seconds, at least the ttl, default 1 day. */
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
     * Validates the settings and builds the issuer.
     *
     * @throws IllegalStateException if ttl or lifetime is not a positive whole number of seconds,
     *     or the ttl exceeds the lifetime
     */
    public StatusListIssuer build() {
      requireWholeSeconds("ttl", ttl);
      requireWholeSeconds("lifetime", lifetime);
      if (ttl.compareTo(lifetime) > 0) {
        throw new IllegalStateException(
            "status list issuer: expected a ttl of at most the lifetime, got ttl "
                + ttl
                + " and lifetime "
                + lifetime);
      }
      return new StatusListIssuer(this);
    }

    private static void requireWholeSeconds(String what, Duration d) {
      if (d.isNegative() || d.isZero() || d.getNano() != 0) {
        throw new IllegalStateException(
            "status list " + what + ": expected a positive whole number of seconds, got " + d);
      }
    }
  }
}
