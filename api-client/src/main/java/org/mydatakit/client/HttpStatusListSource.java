package org.mydatakit.client;

import java.io.IOException;
import java.net.URI;
import java.util.Objects;
import okhttp3.OkHttpClient;
import org.mydatakit.client.internal.HttpGet;
import org.mydatakit.status.StatusListSource;

/**
 * A provider agency's {@link StatusListSource} over HTTP: GETs the broker's signed status list with
 * {@code Accept: application/statuslist+jwt}. It only transports; {@code StatusLists} verifies what
 * it returns.
 *
 * <pre>{@code
 * StatusLists lists = StatusLists.builder()
 *     .source(HttpStatusListSource.of(sharedOkHttp))
 *     .trustedIssuer("https://broker.example", brokerKeys)
 *     .build();
 * }</pre>
 *
 * <p>Any status but 200, a transport failure or a body over 64 MiB is an {@link IOException} naming
 * the uri and status. The shared client is used as it is, with a 30 s call timeout added (on a
 * derived client) if it has none. Immutable and thread-safe.
 */
public final class HttpStatusListSource implements StatusListSource {
  /** The largest list accepted: 64 MiB (a national list is far smaller compressed). */
  public static final long MAX_BYTES = 64L * 1024 * 1024;

  private final OkHttpClient http;

  private HttpStatusListSource(OkHttpClient http) {
    this.http = http;
  }

  /** A source over the application's shared client. */
  public static HttpStatusListSource of(OkHttpClient client) {
    return new HttpStatusListSource(
        HttpGet.withCallTimeout(Objects.requireNonNull(client, "client")));
  }

  @Override
  public String fetch(URI listUri) throws IOException {
    return HttpGet.text(
            http,
            Objects.requireNonNull(listUri, "list uri"),
            "application/statuslist+jwt",
            MAX_BYTES)
        .trim();
  }

  @Override
  public String toString() {
    return "HttpStatusListSource";
  }
}
