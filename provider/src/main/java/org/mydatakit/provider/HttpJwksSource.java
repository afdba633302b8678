package org.mydatakit.provider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import okhttp3.OkHttpClient;
import org.mydatakit.keys.VerificationKeySet;
import org.mydatakit.keys.VerificationKeySource;
import org.mydatakit.provider.internal.HttpGet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A provider agency's {@link VerificationKeySource} over HTTP: the broker's JWKS, loaded with the
 * key hygiene of {@link VerificationKeySet#parse}, that follows the broker's rotations.
 *
 * <p>The set is loaded again once it is stale: after the response's {@code Cache-Control: max-age}
 * (taken within 1 minute to 1 hour; 5 minutes without one), on the first {@link #current()} after
 * that, so a key the broker retired stops verifying within one max age. An unknown {@code kid}
 * makes the verifier call {@link #refresh()}, which loads at most once per minimum interval
 * (default 30 s): a new key is accepted within that interval, and a flood of forged kids costs the
 * broker at most one request per interval. A failed reload keeps the held set and is retried no
 * sooner than the minimum interval.
 *
 * <p>Transport: https only (plain http to a loopback host, or with {@link
 * Builder#allowInsecureHttp()}); redirects are never followed, whatever the shared client says (a
 * 3xx is a failure); no HTTP cache; at most {@link #MAX_BYTES}; a 30 s call timeout if the client
 * has none.
 *
 * <pre>{@code
 * GrantVerifier verifier = GrantVerifier.builder()
 *     .trustedIssuer("https://broker.example",
 *         HttpJwksSource.of(sharedOkHttp, URI.create("https://broker.example/jwks.json")))
 *     ...
 * }</pre>
 *
 * <p>{@link #current()} throws {@link UncheckedIOException} (or {@link IllegalArgumentException}
 * for keys that break the rules) only if no set was ever loaded. {@link #refresh()} never throws.
 * Failures are logged as warnings with the uri and the exception type, never content. Thread-safe.
 */
public final class HttpJwksSource implements VerificationKeySource {
  private static final Logger LOG = LoggerFactory.getLogger(HttpJwksSource.class);

  /** The default least time between two loads: 30 s. */
  public static final Duration DEFAULT_MIN_REFRESH_INTERVAL = Duration.ofSeconds(30);

  /** How long a set is used without a {@code Cache-Control: max-age}: 5 minutes. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(5);

  /** The shortest max age taken from the broker: 1 minute. */
  public static final Duration MIN_MAX_AGE = Duration.ofMinutes(1);

  /** The longest max age taken from the broker: 1 hour. */
  public static final Duration MAX_MAX_AGE = Duration.ofHours(1);

  /** The largest JWKS accepted: 1 MiB. */
  public static final long MAX_BYTES = 1024 * 1024;

  private final OkHttpClient http;
  private final URI uri;
  private final Duration minInterval;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile VerificationKeySet keys;
  private volatile Instant staleAt;
  private Instant lastAttempt; // guarded by lock

  private HttpJwksSource(Builder b) {
    this.http = HttpGet.derive(b.client);
    this.uri = b.uri;
    this.minInterval = b.minInterval;
    this.clock = b.clock;
  }

  /** A source of the JWKS at {@code jwksUri}, over the application's shared client. */
  public static HttpJwksSource of(OkHttpClient client, URI jwksUri) {
    return builder(client, jwksUri).build();
  }

  /** Starts configuring a source of the JWKS at {@code jwksUri}. */
  public static Builder builder(OkHttpClient client, URI jwksUri) {
    return new Builder(client, jwksUri);
  }

  @Override
  public VerificationKeySet current() {
    VerificationKeySet held = keys;
    if (held == null) {
      lock.lock();
      try {
        if (keys == null) {
          try {
            load(clock.instant());
          } catch (IOException e) {
            throw new UncheckedIOException("jwks " + uri + ": could not be loaded", e);
          }
        }
        return keys;
      } finally {
        lock.unlock();
      }
    }
    if (clock.instant().isBefore(staleAt) || !lock.tryLock()) {
      return held; // fresh, or another caller is reloading
    }
    try {
      Instant now = clock.instant();
      if (!now.isBefore(staleAt) && mayLoad(now)) {
        tryLoad(now, "scheduled reload");
      }
      return keys;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<VerificationKeySet> refresh() {
    lock.lock();
    try {
      Instant now = clock.instant();
      if (!mayLoad(now)) {
        return Optional.empty();
      }
      return tryLoad(now, "refresh") ? Optional.of(keys) : Optional.empty();
    } finally {
      lock.unlock();
    }
  }

  private boolean mayLoad(Instant now) {
    return lastAttempt == null || !now.isBefore(lastAttempt.plus(minInterval));
  }

  private boolean tryLoad(Instant now, String why) {
    try {
      load(now);
      return true;
    } catch (IOException | RuntimeException e) {
      LOG.warn("jwks {} {} failed with {}", uri, why, e.getClass().getName());
      return false;
    }
  }

  private void load(Instant now) throws IOException {
    lastAttempt = now;
    HttpGet.Answer answer =
        HttpGet.text(http, uri, "application/jwk-set+json, application/json", MAX_BYTES);
    VerificationKeySet loaded = VerificationKeySet.parse(answer.body());
    staleAt = now.plus(maxAge(answer.maxAgeSeconds()));
    keys = loaded;
  }

  static Duration maxAge(long seconds) {
    if (seconds < 0) {
      return DEFAULT_MAX_AGE;
    }
    Duration age = Duration.ofSeconds(seconds);
    return age.compareTo(MIN_MAX_AGE) < 0
        ? MIN_MAX_AGE
        : age.compareTo(MAX_MAX_AGE) > 0 ? MAX_MAX_AGE : age;
  }

  /** The client this source fetches with: for tests. */
  OkHttpClient client() {
    return http;
  }

  @Override
  public String toString() {
    return "HttpJwksSource[" + uri + "]";
  }

  /** Configures an {@link HttpJwksSource}; validated in {@link #build()}. */
  public static final class Builder {
    private final OkHttpClient client;
    private final URI uri;
    private Duration minInterval = DEFAULT_MIN_REFRESH_INTERVAL;
    private boolean allowInsecureHttp;
    private Clock clock = Clock.systemUTC();

    private Builder(OkHttpClient client, URI uri) {
      this.client = Objects.requireNonNull(client, "client");
      this.uri = Objects.requireNonNull(uri, "jwks uri");
    }

    /**
     * The least time between two loads, 1 s to 1 hour, default 30 s. Lower lets forged kids cost
     * the broker more; higher delays a new key that much.
     */
    public Builder minRefreshInterval(Duration interval) {
      this.minInterval = Objects.requireNonNull(interval, "min refresh interval");
      return this;
    }

    /**
     * Loosening: accepts a plain http uri to any host. Anyone on the path can then substitute the
     * broker's keys; for test networks only.
     */
    public Builder allowInsecureHttp() {
      this.allowInsecureHttp = true;
      return this;
    }

    /** The clock that times max ages and intervals: for tests. */
    Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the source; nothing is fetched until the first {@link #current()}.
     *
     * @throws IllegalArgumentException for an insecure uri or an interval out of range
     */
    public HttpJwksSource build() {
      HttpGet.requireSecure("jwks uri", uri, allowInsecureHttp);
      if (minInterval.compareTo(Duration.ofSeconds(1)) < 0
          || minInterval.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException(
            "min refresh interval: expected 1 second to 1 hour, got " + minInterval);
      }
      return new HttpJwksSource(this);
    }
  }
}
