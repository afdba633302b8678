package org.mydatakit.client;

import java.time.Clock;
import java.time.Duration;
import okhttp3.OkHttpClient;
import org.mydatakit.client.internal.Transport;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.grant.DpopKey;

/**
 * Configures a {@link MyDataClient}. The consumer, directory, DPoP key and grant source are
 * required; everything else has a safe default. Nothing is checked until {@link #build()}, which
 * fails at once with an {@link IllegalStateException} naming the setting that is missing or out of
 * range (or an {@link IllegalArgumentException} naming a provider URL that is plain {@code http} to
 * another machine, see {@link #allowInsecureHttp()}), and never adjusts a value silently.
 *
 * <pre>{@code
 * MyDataClient client = MyDataClient.builder()
 *     .consumer(AgencyId.of("KB-BANK"))
 *     .directory(directory)
 *     .dpopKey(dpopKey)
 *     .grantSource(GrantSource.of(broker))
 *     .okHttpClient(sharedOkHttp)          // optional: derived with newBuilder(), never changed
 *     .callTimeout(Duration.ofSeconds(20)) // optional
 *     .build();
 * }</pre>
 *
 * <p>Not thread-safe; build once and share the client.
 */
public final class MyDataClientBuilder {
  AgencyId consumer;
  ProviderDirectory directory;
  DpopKey dpopKey;
  GrantSource grantSource;
  OkHttpClient okHttpClient;
  Duration connectTimeout = Duration.ofSeconds(5);
  Duration readTimeout = Duration.ofSeconds(10);
  Duration callTimeout = Duration.ofSeconds(30);
  int maxAttempts = 3;
  Duration maxRetryAfter = Duration.ofSeconds(10);
  long maxResponseBytes = 4L * 1024 * 1024;
  int maxConcurrency = 8;
  Clock clock = Clock.systemUTC();
  boolean allowInsecureHttp;

  MyDataClientBuilder() {}

  /** The consumer agency this client fetches for (the prefix of every transaction id). */
  public MyDataClientBuilder consumer(AgencyId consumer) {
    this.consumer = consumer;
    return this;
  }

  /** Where each provider agency is. */
  public MyDataClientBuilder directory(ProviderDirectory directory) {
    this.directory = directory;
    return this;
  }

  /** The consumer's DPoP key: grants are bound to it and every request carries a proof by it. */
  public MyDataClientBuilder dpopKey(DpopKey dpopKey) {
    this.dpopKey = dpopKey;
    return this;
  }

  /** Where grants come from. */
  public MyDataClientBuilder grantSource(GrantSource grantSource) {
    this.grantSource = grantSource;
    return this;
  }

  /**
   * The application's shared client, to share its connection pool and dispatcher. The client
   * derives its own with {@code newBuilder()}, setting this builder's timeouts, no redirects and no
   * silent OkHttp retries, with its own interceptors (retries, transaction id, proof, body cap)
   * ahead of the shared client's; {@code shared} itself is never changed. Default: a new client.
   */
  public MyDataClientBuilder okHttpClient(OkHttpClient shared) {
    this.okHttpClient = shared;
    return this;
  }

  /** Time to open a connection; default 5 s; positive. */
  public MyDataClientBuilder connectTimeout(Duration timeout) {
    this.connectTimeout = timeout;
    return this;
  }

  /** Longest silence while reading (or writing); default 10 s; positive. */
  public MyDataClientBuilder readTimeout(Duration timeout) {
    this.readTimeout = timeout;
    return this;
  }

  /**
   * The most one fetch may take, retries and waits included (each request gets the time left);
   * default 30 s; positive. There is always a call timeout, and it bounds the connect and read
   * timeouts and {@code Retry-After} waits too.
   */
  public MyDataClientBuilder callTimeout(Duration timeout) {
    this.callTimeout = timeout;
    return this;
  }

  /** HTTP requests per fetch, the first included; default 3; 1 (no retry) to 10. */
  public MyDataClientBuilder maxAttempts(int attempts) {
    this.maxAttempts = attempts;
    return this;
  }

  /**
   * The longest {@code Retry-After} honoured; a longer one ends the fetch at once with {@link
   * ProviderUnavailableException}. Default 10 s; zero or more. A wait that would pass the call
   * timeout is not made either.
   */
  public MyDataClientBuilder maxRetryAfter(Duration cap) {
    this.maxRetryAfter = cap;
    return this;
  }

  /** The largest answer body read; a longer one is refused. Default 4 MiB; 1 byte to 1 GiB. */
  public MyDataClientBuilder maxResponseBytes(long bytes) {
    this.maxResponseBytes = bytes;
    return this;
  }

  /** Fetches in flight at once (the client's thread pool); default 8; 1 to 256. */
  public MyDataClientBuilder maxConcurrency(int threads) {
    this.maxConcurrency = threads;
    return this;
  }

  /**
   * The clock of transaction-id dates and of {@code Retry-After} dates; default the system UTC
   * clock.
   */
  public MyDataClientBuilder clock(Clock clock) {
    this.clock = clock;
    return this;
  }

  /**
   * Permits plain {@code http} to any provider. Without it the client talks {@code https}, and
   * {@code http} only to a loopback host ({@code localhost}, {@code 127.0.0.0/8}, {@code ::1}):
   * grants, proofs and citizens' records must not cross a network in the clear. For test
   * environments only.
   */
  public MyDataClientBuilder allowInsecureHttp() {
    this.allowInsecureHttp = true;
    return this;
  }

  /**
   * Validates and builds.
   *
   * @throws IllegalStateException naming the first setting that is missing or out of range
   * @throws IllegalArgumentException naming the provider whose URL in a directory of {@link
   *     ProviderDirectory#of} or {@link ProviderDirectory#parse} is plain {@code http} to a host
   *     that is not loopback, unless {@link #allowInsecureHttp()} (another directory's URLs are
   *     checked as each provider is first fetched from)
   */
  public MyDataClient build() {
    require(consumer != null, "consumer: missing (the consumer agency id)");
    require(directory != null, "directory: missing (a ProviderDirectory)");
    require(dpopKey != null, "dpopKey: missing (the consumer's DPoP key)");
    require(grantSource != null, "grantSource: missing (where grants come from)");
    require(clock != null, "clock: missing");
    positive("callTimeout", callTimeout);
    positive("connectTimeout", connectTimeout);
    positive("readTimeout", readTimeout);
    require(
        maxRetryAfter != null && !maxRetryAfter.isNegative(),
        "maxRetryAfter: expected zero or more");
    require(
        maxAttempts >= 1 && maxAttempts <= 10, "maxAttempts: expected 1 to 10, got " + maxAttempts);
    require(
        maxResponseBytes >= 1 && maxResponseBytes <= (1L << 30),
        "maxResponseBytes: expected 1 to 1073741824, got " + maxResponseBytes);
    require(
        maxConcurrency >= 1 && maxConcurrency <= 256,
        "maxConcurrency: expected 1 to 256, got " + maxConcurrency);
    if (directory instanceof FixedProviderDirectory.Fixed fixed) {
      fixed
          .urls()
          .forEach(
              (agency, url) ->
                  Transport.require(url, allowInsecureHttp, "provider " + agency + " url"));
    }
    OkHttpClient shared = okHttpClient != null ? okHttpClient : new OkHttpClient();
    return new MyDataClient(this, ProviderExchange.client(shared, this));
  }

  private void positive(String name, Duration d) {
    require(d != null && !d.isNegative() && !d.isZero(), name + ": expected a positive duration");
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalStateException(message);
    }
  }
}
