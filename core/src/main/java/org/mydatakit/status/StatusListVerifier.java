package org.mydatakit.status;

import static org.mydatakit.status.StatusListException.Reason.EXPIRED;
import static org.mydatakit.status.StatusListException.Reason.INVALID_CLAIM;
import static org.mydatakit.status.StatusListException.Reason.ISSUED_IN_FUTURE;
import static org.mydatakit.status.StatusListException.Reason.UNSUPPORTED_BITS;
import static org.mydatakit.status.StatusListException.Reason.WRONG_ISSUER;
import static org.mydatakit.status.StatusListException.Reason.WRONG_SUBJECT;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.mydatakit.internal.Checks;
import org.mydatakit.internal.JwsCheck;
import org.mydatakit.internal.JwsException;
import org.mydatakit.internal.KeyRing;
import org.mydatakit.internal.VerificationKey;
import org.mydatakit.keys.VerificationKeySet;

/**
 * Verifies Status List Tokens: the provider agency's side of revocation.
 *
 * <p>Checks, in order: the signed envelope (size, compact form, header of exactly alg, typ and kid,
 * algorithm, {@code typ statuslist+jwt}, a trusted kid, signature), {@code iss} exactly, {@code
 * sub} equal to the uri the list was fetched for, {@code exp} not passed and {@code iat} not in the
 * future (each with the clock skew), every date within 1970 to the end of 9999, {@code exp} after
 * {@code iat}, {@code ttl} positive (and no longer than that calendar), {@code bits} 2; then
 * inflates the list under the inflation cap.
 *
 * <pre>{@code
 * StatusListVerifier verifier = StatusListVerifier.builder()
 *     .trustedIssuer("https://broker.example", brokerKeys)
 *     .build();
 * VerifiedStatusList verified = verifier.verify(token, URI.create("https://broker.example/status/1"));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class StatusListVerifier {
  /** The default token length cap: 64 Mi characters. */
  public static final int DEFAULT_MAX_TOKEN_LENGTH = 64 << 20;

  private final String issuer;
  private final KeyRing keys;
  private final Clock clock;
  private final Duration skew;
  private final long maxInflatedBytes;
  private final int maxTokenLength;

  private StatusListVerifier(Builder b) {
    this.issuer = b.issuer;
    this.keys = KeyRing.of(b.keys.toJson());
    this.clock = b.clock;
    this.skew = b.skew;
    this.maxInflatedBytes = b.maxInflatedBytes;
    this.maxTokenLength = b.maxTokenLength;
  }

  private StatusListVerifier(StatusListVerifier base, KeyRing keys) {
    this.issuer = base.issuer;
    this.keys = keys;
    this.clock = base.clock;
    this.skew = base.skew;
    this.maxInflatedBytes = base.maxInflatedBytes;
    this.maxTokenLength = base.maxTokenLength;
  }

  /** This verifier with other keys: for a cache that follows a rotating key source. */
  StatusListVerifier withKeys(VerificationKeySet keys) {
    return new StatusListVerifier(this, KeyRing.of(keys.toJson()));
  }

  /** Whether {@code key} is still one of this verifier's keys, unchanged. */
  boolean trusts(VerificationKey key) {
    return key.sameKeyAs(keys.find(key.kid()));
  }

  /** A verified list and the key that verified it. */
  record Keyed(VerifiedStatusList list, VerificationKey key) {}

  /** As {@link #verify}, also naming the key: for a cache that must drop lists of retired keys. */
  Keyed verifyKeyed(String token, URI uri) throws StatusListException {
    Checks.notNull("status list uri", uri);
    return checkKeyed(token, uri);
  }

  /** Starts configuring a verifier; {@link Builder#trustedIssuer} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Verifies {@code token} as the list published at {@code uri}.
   *
   * @throws StatusListException with the reason of the first failed check
   */
  public VerifiedStatusList verify(String token, URI uri) throws StatusListException {
    Checks.notNull("status list uri", uri);
    return check(token, uri);
  }

  /**
   * Verifies {@code token} like {@link #verify} but accepts any {@code sub}: for inspection tools
   * only. A cache must bind each list to the uri it fetched, or a list for one uri could answer for
   * another.
   */
  public VerifiedStatusList verifyAnySubject(String token) throws StatusListException {
    return check(token, null);
  }

  private VerifiedStatusList check(String token, URI uri) throws StatusListException {
    return checkKeyed(token, uri).list();
  }

  private Keyed checkKeyed(String token, URI uri) throws StatusListException {
    JwsCheck.Verified envelope;
    try {
      envelope = JwsCheck.verify(token, keys, StatusListIssuer.TYPE, maxTokenLength);
    } catch (JwsException e) {
      throw new StatusListException(EnvelopeReasons.of(e.fault()));
    }
    StatusListClaims claims = StatusListClaims.read(envelope.payload());
    if (!issuer.equals(claims.issuer())) {
      throw new StatusListException(WRONG_ISSUER);
    }
    if (uri != null && !uri.equals(claims.subject())) {
      throw new StatusListException(WRONG_SUBJECT);
    }
    if (!isDate(claims.issuedAt()) || !isDate(claims.expiresAt())) {
      throw new StatusListException(INVALID_CLAIM);
    }
    long now = clock.instant().getEpochSecond();
    if (now - skew.getSeconds() > claims.expiresAt()) {
      throw new StatusListException(EXPIRED);
    }
    if (claims.issuedAt() > now + skew.getSeconds()) {
      throw new StatusListException(ISSUED_IN_FUTURE);
    }
    if (claims.ttl() <= 0 || !isDate(claims.ttl()) || claims.expiresAt() <= claims.issuedAt()) {
      throw new StatusListException(INVALID_CLAIM);
    }
    if (claims.bits() != StatusList.BITS) {
      throw new StatusListException(UNSUPPORTED_BITS);
    }
    StatusList list = StatusList.decode(claims.lst(), StatusList.BITS, maxInflatedBytes);
    return new Keyed(
        new VerifiedStatusList(
            claims.issuer(),
            claims.subject(),
            Instant.ofEpochSecond(claims.issuedAt()),
            Instant.ofEpochSecond(claims.expiresAt()),
            Duration.ofSeconds(claims.ttl()),
            list),
        envelope.key());
  }

  /**
   * Seconds from 1970 to the end of 9999: anything else is not a date a broker writes (nor a ttl: a
   * longer one would overflow {@link Instant} when a cache adds it to the time it fetched).
   */
  private static boolean isDate(long epochSecond) {
    return epochSecond >= 0 && epochSecond <= 253_402_300_799L;
  }

  @Override
  public String toString() {
    return "StatusListVerifier[skew=" + skew + ", maxInflatedBytes=" + maxInflatedBytes + "]";
  }

  /** Configures a {@link StatusListVerifier}; validated in {@link #build()}. */
  public static final class Builder {
    private String issuer;
    private VerificationKeySet keys;
    private Clock clock = Clock.systemUTC();
    private Duration skew = Duration.ofSeconds(30);
    private long maxInflatedBytes = StatusList.DEFAULT_MAX_INFLATED_BYTES;
    private int maxTokenLength = DEFAULT_MAX_TOKEN_LENGTH;

    private Builder() {}

    /** The broker whose lists are trusted: its exact {@code iss} and its public keys. */
    public Builder trustedIssuer(String issuer, VerificationKeySet keys) {
      this.issuer = Checks.issuer(issuer);
      this.keys = Checks.notNull("issuer keys", keys);
      return this;
    }

    /** The clock; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull("clock", clock);
      return this;
    }

    /** Allowed clock difference with the broker: 0 to 5 minutes, default 30 s. */
    public Builder clockSkew(Duration skew) {
      this.skew = Checks.notNull("clock skew", skew);
      return this;
    }

    /**
     * The inflation cap: 1 byte to 25 MB, default {@link StatusList#DEFAULT_MAX_INFLATED_BYTES}.
     */
    public Builder maxInflatedBytes(long bytes) {
      this.maxInflatedBytes = bytes;
      return this;
    }

    /** The token length cap in characters: at least 1 KiB, default 64 Mi. */
    public Builder maxTokenLength(int characters) {
      this.maxTokenLength = characters;
      return this;
    }

    /**
     * Validates the settings and builds the verifier.
     *
     * @throws IllegalStateException naming what is missing or out of range
     */
    public StatusListVerifier build() {
      if (issuer == null) {
        throw new IllegalStateException("status list verifier: expected trustedIssuer(...)");
      }
      if (skew.isNegative() || skew.compareTo(Duration.ofMinutes(5)) > 0) {
        throw new IllegalStateException(
            "status list verifier: expected a clock skew of 0 to 5 minutes, got " + skew);
      }
      if (maxInflatedBytes < 1 || maxInflatedBytes > StatusList.MAX_SIZE / 4) {
        throw new IllegalStateException(
            "status list verifier: expected max inflated bytes of 1 to "
                + StatusList.MAX_SIZE / 4
                + ", got "
                + maxInflatedBytes);
      }
      if (maxTokenLength < 1024) {
        throw new IllegalStateException(
            "status list verifier: expected a max token length of at least 1024, got "
                + maxTokenLength);
      }
      return new StatusListVerifier(this);
    }
  }
}
