package org.mydatakit.examples.agency;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.PairwiseSubjects;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;

/**
 * How a {@link ProviderAgencyServer} is set up: which agency it is, which broker it trusts, the
 * pairwise-subject key it received from the broker at onboarding, and the records it serves.
 *
 * <pre>{@code
 * AgencyConfig config = AgencyConfig.builder(AgencyId.of("NHIS"))
 *     .broker(URI.create("https://broker.example"))     // JWKS at /.well-known/jwks.json, iss = this url
 *     .providerKey(nhisKey)                             // from the broker, at onboarding
 *     .records(AgencyRecords.sample(AgencyId.of("NHIS")))
 *     .build();
 * }</pre>
 *
 * <p>Immutable. The provider key is a secret: it is copied in and out, and {@link #toString()}
 * never shows it.
 */
public final class AgencyConfig {
  final AgencyId agency;
  final URI brokerBaseUrl;
  final String issuer;
  private final byte[] providerKey;
  final AgencyRecords records;
  final int port;
  final Duration jwksMinRefresh;
  final Duration statusMaxAge;
  final Clock clock;
  final SigningKeySet receiptKeys;

  private AgencyConfig(Builder b) {
    this.agency = b.agency;
    this.brokerBaseUrl = b.brokerBaseUrl;
    this.issuer = b.issuer != null ? b.issuer : b.brokerBaseUrl.toString();
    this.providerKey = b.providerKey.clone();
    this.records = b.records;
    this.port = b.port;
    this.jwksMinRefresh = b.jwksMinRefresh;
    this.statusMaxAge = b.statusMaxAge;
    this.clock = b.clock;
    this.receiptKeys =
        b.receiptKeys != null ? b.receiptKeys : SigningKeySet.generate(SigningAlgorithm.ES256);
  }

  /**
   * Starts configuring the agency {@code agency}; broker, provider key and records are required.
   */
  public static Builder builder(AgencyId agency) {
    return new Builder(Objects.requireNonNull(agency, "agency"));
  }

  /** Where the broker publishes its keys: {@code <broker>/.well-known/jwks.json}. */
  URI jwksUri() {
    return URI.create(brokerBaseUrl.toString().replaceAll("/+$", "") + "/.well-known/jwks.json");
  }

  byte[] providerKey() {
    return providerKey.clone();
  }

  @Override
  public String toString() {
    return "AgencyConfig[" + agency + ", broker=" + brokerBaseUrl + ", " + records + "]";
  }

  /** Builds an {@link AgencyConfig}; validated in {@link #build()}. */
  public static final class Builder {
    private final AgencyId agency;
    private URI brokerBaseUrl;
    private String issuer;
    private byte[] providerKey;
    private AgencyRecords records;
    private int port;
    private Duration jwksMinRefresh = Duration.ofSeconds(30);
    private Duration statusMaxAge = Duration.ofHours(1);
    private Clock clock = Clock.systemUTC();
    private SigningKeySet receiptKeys;

    private Builder(AgencyId agency) {
      this.agency = agency;
    }

    /** The broker's base URL; its {@code iss} is this URL unless {@link #issuer} says otherwise. */
    public Builder broker(URI baseUrl) {
      this.brokerBaseUrl = Objects.requireNonNull(baseUrl, "broker base url");
      return this;
    }

    /** The broker's exact {@code iss}, when it is not its base URL. */
    public Builder issuer(String issuer) {
      this.issuer = Objects.requireNonNull(issuer, "issuer");
      return this;
    }

    /**
     * The key this agency received at onboarding ({@code PairwiseSubjects.providerKey}); copied.
     */
    public Builder providerKey(byte[] key) {
      this.providerKey = Objects.requireNonNull(key, "provider key").clone();
      return this;
    }

    /** The citizens and records the agency serves. */
    public Builder records(AgencyRecords records) {
      this.records = Objects.requireNonNull(records, "records");
      return this;
    }

    /** The loopback port to listen on; 0 (the default) picks a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Least time between two JWKS fetches on an unknown kid: 1 s to 1 hour, default 30 s. */
    public Builder jwksMinRefresh(Duration interval) {
      this.jwksMinRefresh = Objects.requireNonNull(interval, "jwks min refresh");
      return this;
    }

    /** Oldest status list (by its {@code iat}) ever trusted: 1 minute to 7 days, default 1 hour. */
    public Builder statusMaxAge(Duration maxAge) {
      this.statusMaxAge = Objects.requireNonNull(maxAge, "status max age");
      return this;
    }

    /** The clock grants, proofs and status lists are checked on; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The agency's own keys for signing delivery receipts (the broker trusts their public half);
     * default a fresh ES256 key made at build.
     */
    public Builder receiptKeys(SigningKeySet keys) {
      this.receiptKeys = Objects.requireNonNull(keys, "receipt keys");
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalStateException naming what is missing or out of range
     */
    public AgencyConfig build() {
      if (brokerBaseUrl == null || providerKey == null || records == null) {
        throw new IllegalStateException(
            "agency config: expected broker(...), providerKey(...) and records(...)");
      }
      if (providerKey.length < PairwiseSubjects.MIN_KEY_BYTES || port < 0 || port > 65535) {
        throw new IllegalStateException(
            "agency config: expected a provider key of at least 32 bytes and a port of 0 to 65535");
      }
      return new AgencyConfig(this);
    }
  }
}
