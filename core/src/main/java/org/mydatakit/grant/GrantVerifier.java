package org.mydatakit.grant;

import java.time.Clock;
import java.time.Duration;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.internal.Checks;
import org.mydatakit.keys.VerificationKeySet;
import org.mydatakit.keys.VerificationKeySource;
import org.mydatakit.status.RevocationCheck;

/**
 * A provider agency's gate: verifies a presented grant and its DPoP proof before any citizen record
 * is released.
 *
 * <p>Strict by construction. In this order, cheapest first: size (8 KiB) and canonical compact
 * base64url; a header of exactly {@code alg}, {@code typ} and {@code kid} ({@code jwk}, {@code
 * jku}, {@code x5u}, {@code x5c}, {@code crit}, {@code b64}, {@code zip} and anything else are
 * refused); {@code alg} ES256 or PS256 and equal to the key's; {@code typ} the media type {@code
 * mydata-grant+jwt} (with or without {@code application/}, ASCII letters in any case, nothing
 * else); {@code kid} known; the signature; {@code iss} exact; {@code aud} exactly this agency
 * alone; the lifetime cap; required claims; {@code exp}/{@code nbf}/{@code iat} with bounded skew;
 * scope covers the request; the DPoP proof (key = {@code cnf.jkt}, method, URL, fresh, {@code ath},
 * not replayed); the consent's status. A token whose signed part verified once is cached by the
 * whole token, so a re-presented grant skips the signature; the per-request checks (time, scope,
 * DPoP, status) run every time.
 *
 * <pre>{@code
 * GrantVerifier verifier = GrantVerifier.builder()
 *     .trustedIssuer("https://broker.example", brokerKeys)
 *     .audience(AgencyId.of("NHIS"))
 *     .revocationCheck(statusLists)          // or, explicitly, .withoutRevocationCheck()
 *     .build();                              // DPoP is required unless .withoutDpop()
 * VerifiedGrant grant = verifier.verify(request);
 * }</pre>
 *
 * <p>Implementations are thread-safe. {@link #verify} throws nothing but {@link
 * InvalidGrantException}, whatever the input.
 */
public sealed interface GrantVerifier permits StrictGrantVerifier {

  /**
   * Verifies {@code request}'s grant and proof.
   *
   * @throws InvalidGrantException with the {@link InvalidGrantException.Reason} of the first failed
   *     check
   */
  VerifiedGrant verify(GrantRequest request) throws InvalidGrantException;

  /** Starts configuring the verifier; see the class documentation for the required settings. */
  static Builder builder() {
    return new Builder();
  }

  /**
   * Configures a {@link GrantVerifier}. The issuer, its keys, the audience and a decision on
   * revocation are required; every loosening is a named, explicit call. Validation happens in
   * {@link #build()}, which snapshots the settings.
   */
  final class Builder {
    String issuer;
    VerificationKeySet keys;
    VerificationKeySource keySource;
    AgencyId audience;
    RevocationCheck revocation;
    boolean revocationWaived;
    boolean dpopRequired = true;
    DpopReplayCache replayCache;
    Clock clock = Clock.systemUTC();
    Duration skew = Duration.ofSeconds(30);
    Duration maxLifetime = Grant.MAX_LIFETIME;
    Duration proofMaxAge = Duration.ofSeconds(60);
    int grantCacheSize = 10_000;

    private Builder() {}

    /** The broker whose grants are trusted: its exact {@code iss} and its public keys. */
    public Builder trustedIssuer(String issuer, VerificationKeySet keys) {
      this.issuer = Checks.issuer(issuer);
      this.keys = Checks.notNull("issuer keys", keys);
      this.keySource = null;
      return this;
    }

    /**
     * The broker whose grants are trusted, with keys that may rotate: every verification uses the
     * source's {@link VerificationKeySource#current() current} set (so a retired key stops
     * verifying, and a key replaced under its kid is used, as soon as the source has them), and an
     * unknown {@code kid} triggers at most one (rate-limited) {@link
     * VerificationKeySource#refresh()} per token. A grant cached under a key that was since retired
     * or replaced is verified again.
     */
    public Builder trustedIssuer(String issuer, VerificationKeySource keys) {
      this.issuer = Checks.issuer(issuer);
      this.keySource = Checks.notNull("issuer key source", keys);
      this.keys = Checks.notNull("current keys", keys.current());
      return this;
    }

    /** This provider agency: grants must name it, alone, as {@code aud}. */
    public Builder audience(AgencyId self) {
      this.audience = Checks.notNull("audience", self);
      return this;
    }

    /** Checks every grant's consent status (revoked, suspended) with {@code check}. */
    public Builder revocationCheck(RevocationCheck check) {
      this.revocation = Checks.notNull("revocation check", check);
      return this;
    }

    /**
     * Loosening: accepts grants without asking whether their consent was revoked. A revoked
     * consent's grants then stay usable until they expire (at most the maximum lifetime).
     */
    public Builder withoutRevocationCheck() {
      this.revocationWaived = true;
      return this;
    }

    /**
     * Loosening: accepts grants without a DPoP proof, as bearer tokens. Anyone who sees a grant can
     * then use it until it expires.
     */
    public Builder withoutDpop() {
      this.dpopRequired = false;
      return this;
    }

    /**
     * Where DPoP proof ids are remembered; default {@link DpopReplayCache#perKey
     * DpopReplayCache.perKey(100_000, 10_000)}: up to 100,000 consumer keys, each with up to 10,000
     * live proofs (about 110 requests per second per key under the default proof age and skew), so
     * that a consumer who floods it is refused alone.
     */
    public Builder replayCache(DpopReplayCache cache) {
      this.replayCache = Checks.notNull("replay cache", cache);
      return this;
    }

    /** The clock; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull("clock", clock);
      return this;
    }

    /** Allowed clock difference with the broker and consumers: 0 to 5 minutes, default 30 s. */
    public Builder clockSkew(Duration skew) {
      this.skew = Checks.notNull("clock skew", skew);
      return this;
    }

    /** Longest accepted grant lifetime ({@code exp - iat}): up to 10 minutes, the default. */
    public Builder maxGrantLifetime(Duration lifetime) {
      this.maxLifetime = Checks.notNull("max grant lifetime", lifetime);
      return this;
    }

    /** Oldest accepted DPoP proof ({@code iat}): 1 s to 5 minutes, default 60 s. */
    public Builder proofMaxAge(Duration age) {
      this.proofMaxAge = Checks.notNull("proof max age", age);
      return this;
    }

    /** How many verified grants to remember by whole token; 0 disables; default 10,000. */
    public Builder grantCacheSize(int size) {
      this.grantCacheSize = size;
      return this;
    }

    /**
     * Validates the settings and builds the verifier.
     *
     * @throws IllegalStateException naming what is missing or contradictory
     */
    public GrantVerifier build() {
      if (issuer == null) {
        throw new IllegalStateException("grant verifier: expected trustedIssuer(...)");
      }
      if (audience == null) {
        throw new IllegalStateException("grant verifier: expected audience(...)");
      }
      if (revocation == null && !revocationWaived) {
        throw new IllegalStateException(
            "grant verifier: expected revocationCheck(...) or, explicitly,"
                + " withoutRevocationCheck()");
      }
      if (revocation != null && revocationWaived) {
        throw new IllegalStateException(
            "grant verifier: revocationCheck(...) contradicts withoutRevocationCheck()");
      }
      if (!dpopRequired && replayCache != null) {
        throw new IllegalStateException(
            "grant verifier: replayCache(...) contradicts withoutDpop()");
      }
      Ranges.require("clock skew", skew, Duration.ZERO, Duration.ofMinutes(5));
      Ranges.require("max grant lifetime", maxLifetime, Duration.ofSeconds(1), Grant.MAX_LIFETIME);
      Ranges.require("proof max age", proofMaxAge, Duration.ofSeconds(1), Duration.ofMinutes(5));
      if (grantCacheSize < 0 || grantCacheSize > 10_000_000) {
        throw new IllegalStateException(
            "grant cache size: expected 0 to 10000000, got " + grantCacheSize);
      }
      Builder snapshot = new Builder();
      snapshot.issuer = issuer;
      snapshot.keys = keys;
      snapshot.keySource = keySource;
      snapshot.audience = audience;
      snapshot.revocation = revocation;
      snapshot.revocationWaived = revocationWaived;
      snapshot.dpopRequired = dpopRequired;
      snapshot.replayCache =
          dpopRequired && replayCache == null
              ? DpopReplayCache.perKey(100_000, 10_000)
              : replayCache;
      snapshot.clock = clock;
      snapshot.skew = skew;
      snapshot.maxLifetime = maxLifetime;
      snapshot.proofMaxAge = proofMaxAge;
      snapshot.grantCacheSize = grantCacheSize;
      return new StrictGrantVerifier(snapshot);
    }
  }
}
