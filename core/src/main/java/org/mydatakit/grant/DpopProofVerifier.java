package org.mydatakit.grant;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.mydatakit.internal.Checks;
import org.mydatakit.internal.Htu;

/**
 * Verifies a DPoP proof (RFC 9449 §4.3) sent where no grant is presented yet — the broker's token
 * endpoint — and returns the thumbprint of the proof's key: what the grant will be bound to ({@code
 * cnf.jkt}).
 *
 * <p>The checks are the ones {@link GrantVerifier} runs on a proof sent with a grant, by the same
 * code: a header of exactly {@code typ} (the media type {@code dpop+jwt}), {@code alg} ES256 or
 * PS256 and a public {@code jwk} of that algorithm (no private part, no other member); the
 * signature; {@code htm} and {@code htu} equal to the request's method and URL; {@code iat} within
 * the maximum age and clock skew; a {@code jti} of 1 to 256 characters never seen before. A proof
 * that carries an {@code ath} is refused: it was made for a request that presents an access token,
 * and none is presented here.
 *
 * <pre>{@code
 * DpopProofVerifier proofs = DpopProofVerifier.builder().build();  // 60 s max age, 30 s skew
 * String jkt = proofs.verify(request.header("DPoP"), "POST", URI.create("https://broker.example/grants"));
 * Grant grant = broker.issueGrant(consentId, provider, jkt);
 * }</pre>
 *
 * <p>Thread-safe. {@link #verify} throws nothing but {@link InvalidGrantException}, with a {@code
 * DPOP_*} reason, whatever the proof; its message never contains the proof.
 */
public final class DpopProofVerifier {
  private final Clock clock;
  private final DpopCheck check;

  private DpopProofVerifier(Builder b) {
    this.clock = b.clock;
    this.check = new DpopCheck(b.skew, b.maxAge, b.replayCache);
  }

  /** Starts configuring a verifier; every setting has a default. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Verifies {@code proof}, as received in the request's {@code DPoP} header, for a request with
   * {@code method} to {@code url}, this server's own absolute URL of the request (query and
   * fragment are ignored).
   *
   * @return the RFC 7638 SHA-256 thumbprint of the proof's key
   * @throws InvalidGrantException {@code DPOP_MISSING} (null or empty), {@code DPOP_INVALID}
   *     (malformed, wrong type, algorithm or key, bad signature, a missing or oversize claim),
   *     {@code DPOP_METHOD_MISMATCH}, {@code DPOP_URL_MISMATCH}, {@code DPOP_STALE}, {@code
   *     DPOP_ATH_MISMATCH} (an {@code ath} is present) or {@code DPOP_REPLAY}
   * @throws IllegalArgumentException if {@code method} is not an upper-case HTTP method or {@code
   *     url} not an absolute http(s) URL: the caller's mistake, not the proof's
   */
  public String verify(String proof, String method, URI url) throws InvalidGrantException {
    if (method == null || !method.matches("[A-Z]{1,16}")) {
      throw new IllegalArgumentException("method: expected an upper-case http method");
    }
    String htu = Htu.normalize(Checks.notNull("url", url));
    try {
      return check.check(proof, method, htu, null, null, clock.instant());
    } catch (RuntimeException e) {
      // Any unforeseen fault on hostile input is a rejection, never an unchecked escape.
      throw new InvalidGrantException(InvalidGrantException.Reason.DPOP_INVALID);
    }
  }

  @Override
  public String toString() {
    return "DpopProofVerifier";
  }

  /** Configures a {@link DpopProofVerifier}; validated at {@link #build()}. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private Duration skew = Duration.ofSeconds(30);
    private Duration maxAge = Duration.ofSeconds(60);
    private DpopReplayCache replayCache;

    private Builder() {}

    /** The clock; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull("clock", clock);
      return this;
    }

    /** Allowed clock difference with consumers: 0 to 5 minutes, default 30 s. */
    public Builder clockSkew(Duration skew) {
      this.skew = Checks.notNull("clock skew", skew);
      return this;
    }

    /** Oldest accepted proof ({@code iat}): 1 s to 5 minutes, default 60 s. */
    public Builder proofMaxAge(Duration age) {
      this.maxAge = Checks.notNull("proof max age", age);
      return this;
    }

    /**
     * Where proof ids are remembered; default a 100,000-entry in-memory cache of its own. Several
     * broker nodes need one shared cache.
     */
    public Builder replayCache(DpopReplayCache cache) {
      this.replayCache = Checks.notNull("replay cache", cache);
      return this;
    }

    /**
     * Validates the settings and builds the verifier.
     *
     * @throws IllegalStateException naming the setting out of range
     */
    public DpopProofVerifier build() {
      Ranges.require("clock skew", skew, Duration.ZERO, Duration.ofMinutes(5));
      Ranges.require("proof max age", maxAge, Duration.ofSeconds(1), Duration.ofMinutes(5));
      Builder snapshot = new Builder();
      snapshot.clock = clock;
      snapshot.skew = skew;
      snapshot.maxAge = maxAge;
      snapshot.replayCache = replayCache == null ? DpopReplayCache.inMemory(100_000) : replayCache;
      return new DpopProofVerifier(snapshot);
    }
  }
}
