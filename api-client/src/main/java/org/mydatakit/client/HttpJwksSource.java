package org.mydatakit.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.mydatakit.client.internal.HttpGet;
import org.mydatakit.keys.VerificationKeySet;
import org.mydatakit.keys.VerificationKeySource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A provider agency's {@link VerificationKeySource} over HTTP: the broker's JWKS, loaded with the
 * key hygiene of {@link VerificationKeySet#parse}, and fetched again on an unknown {@code kid} at
 * most once per {@link #minRefreshInterval interval} — a flood of forged kids costs the broker at
 * most one request per interval.
 *
 * <pre>{@code
 * GrantVerifier verifier = GrantVerifier.builder()
 *     .trustedIssuer("https://broker.example",
 *         HttpJwksSource.of(sharedOkHttp, URI.create("https://broker.example/jwks.json")))
 *     ...
 * }</pre>
 *
 * <p>{@link #current()} loads once and then returns the newest set; if the first load fails it
 * throws {@link UncheckedIOException} (or {@link IllegalArgumentException} for a set that breaks
 * the key rules). {@link #refresh()} never throws: it answers empty when rate-limited or when the
 * fetch or the keys fail (logged as a warning without content). Thread-safe; configure with {@link
 * #minRefreshInterval} before first use.
 */
public final class HttpJwksSource implements VerificationKeySource {
  private static final Logger LOG = LoggerFactory.getLogger(HttpJwksSource.class);

  /** The default least time between two fetches: 5 minutes. */
  public static final Duration DEFAULT_MIN_REFRESH_INTERVAL = Duration.ofMinutes(5);

  /** The largest JWKS accepted: 1 MiB. */
  public static final long MAX_BYTES = 1024 * 1024;

  private final OkHttpClient http;
  private final URI uri;
  private final Duration interval;
  private VerificationKeySet keys;
  private long lastFetch;
  private boolean fetched;

  private HttpJwksSource(OkHttpClient http, URI uri, Duration interval) {
    this.http = http;
    this.uri = uri;
    this.interval = interval;
  }

  /** A source of the JWKS at {@code jwksUri}, over the application's shared client. */
  public static HttpJwksSource of(OkHttpClient client, URI jwksUri) {
    return new HttpJwksSource(
        HttpGet.withCallTimeout(Objects.requireNonNull(client, "client")),
        Objects.requireNonNull(jwksUri, "jwks uri"),
        DEFAULT_MIN_REFRESH_INTERVAL);
  }

  /**
   * A new source like this one whose fetches are at least {@code interval} apart (positive).
   * Lowering it below the default is a loosening: it lets unknown kids cost the broker more.
   */
  public HttpJwksSource minRefreshInterval(Duration interval) {
    if (interval == null || interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("min refresh interval: expected a positive duration");
    }
    return new HttpJwksSource(http, uri, interval);
  }

  @Override
  public synchronized VerificationKeySet current() {
    if (keys == null) {
      try {
        keys = load();
      } catch (IOException e) {
        throw new UncheckedIOException("jwks " + uri + ": could not be loaded", e);
      }
    }
    return keys;
  }

  @Override
  public synchronized Optional<VerificationKeySet> refresh() {
    if (fetched && System.nanoTime() - lastFetch < interval.toNanos()) {
      return Optional.empty();
    }
    try {
      keys = load();
      return Optional.of(keys);
    } catch (IOException | IllegalArgumentException e) {
      LOG.warn("jwks {} refresh failed with {}", uri, e.getClass().getName());
      return Optional.empty();
    }
  }

  private VerificationKeySet load() throws IOException {
    fetched = true;
    lastFetch = System.nanoTime();
    return VerificationKeySet.parse(
        HttpGet.text(http, uri, "application/jwk-set+json, application/json", MAX_BYTES));
  }

  @Override
  public String toString() {
    return "HttpJwksSource[" + uri + "]";
  }
}
