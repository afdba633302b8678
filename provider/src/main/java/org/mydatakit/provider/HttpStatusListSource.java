package org.mydatakit.provider;

import java.io.IOException;
import java.net.URI;
import java.util.Objects;
import okhttp3.OkHttpClient;
import org.mydatakit.provider.internal.HttpGet;
import org.mydatakit.status.StatusListSource;

/**
 * A provider agency's {@link StatusListSource} over HTTP: GETs the broker's signed status list with
 * {@code Accept: application/statuslist+jwt}. It only transports; {@code StatusLists} verifies what
 * it returns.
 *
 * <pre>{@code
 * StatusLists lists = StatusLists.builder()
 *     .source(HttpStatusListSource.of(sharedOkHttp))
 *     .trustedIssuer("https://broker.example", jwksSource)
 *     .build();
 * }</pre>
 *
 * <p>Transport: https only (plain http to a loopback host, or with {@link
 * Builder#allowInsecureHttp()}; another uri is an {@link IllegalArgumentException} before any
 * connection); redirects are never followed (a 3xx is an {@link IOException} naming the status); no
 * HTTP cache; any status but 200, a transport failure or a body over {@link #MAX_BYTES} is an
 * {@link IOException} naming the uri and status, never the body. A 30 s call timeout is added if
 * the client has none. Immutable and thread-safe.
 */
public final class HttpStatusListSource implements StatusListSource {
  /** The largest list accepted: 64 MiB (a national list is far smaller compressed). */
  public static final long MAX_BYTES = 64L * 1024 * 1024;

  private final OkHttpClient http;
  private final boolean allowInsecureHttp;

  private HttpStatusListSource(OkHttpClient http, boolean allowInsecureHttp) {
    this.http = http;
    this.allowInsecureHttp = allowInsecureHttp;
  }

  /** A source over the application's shared client. */
  public static HttpStatusListSource of(OkHttpClient client) {
    return builder(client).build();
  }

  /** Starts configuring a source over the application's shared client. */
  public static Builder builder(OkHttpClient client) {
    return new Builder(client);
  }

  @Override
  public String fetch(URI listUri) throws IOException {
    HttpGet.requireSecure("status list uri", listUri, allowInsecureHttp);
    return HttpGet.text(http, listUri, "application/statuslist+jwt", MAX_BYTES).body().trim();
  }

  /** The client this source fetches with: for tests. */
  OkHttpClient client() {
    return http;
  }

  @Override
  public String toString() {
    return "HttpStatusListSource";
  }

  /** Configures an {@link HttpStatusListSource}. */
  public static final class Builder {
    private final OkHttpClient client;
    private boolean allowInsecureHttp;

    private Builder(OkHttpClient client) {
      this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * Loosening: fetches plain http uris of any host. Anyone on the path can then withhold a
     * revocation by serving an older list; for test networks only.
     */
    public Builder allowInsecureHttp() {
      this.allowInsecureHttp = true;
      return this;
    }

    /** Builds the source. */
    public HttpStatusListSource build() {
      return new HttpStatusListSource(HttpGet.derive(client), allowInsecureHttp);
    }
  }
}
