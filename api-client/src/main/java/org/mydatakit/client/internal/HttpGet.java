package org.mydatakit.client.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** A plain GET of a small public document (status list, JWKS) with a size cap. */
public final class HttpGet {
  /** Used when the given client has no call timeout: every network call has one. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);

  private HttpGet() {}

  /** {@code client}, or a client derived from it with a call timeout if it has none. */
  public static OkHttpClient withCallTimeout(OkHttpClient client) {
    if (client.callTimeoutMillis() > 0) {
      return client;
    }
    return client.newBuilder().callTimeout(DEFAULT_CALL_TIMEOUT).build();
  }

  /**
   * The body of a 200 answer as UTF-8 text.
   *
   * @throws IOException on a transport failure, another status or a body over {@code maxBytes}; the
   *     message names the uri and status, never the body
   */
  public static String text(OkHttpClient client, URI uri, String accept, long maxBytes)
      throws IOException {
    HttpUrl url = HttpUrl.get(uri.toString());
    Request request = new Request.Builder().url(url).get().header("Accept", accept).build();
    try (Response response = client.newCall(request).execute()) {
      if (response.code() != 200) {
        throw new IOException(uri + ": expected status 200, got " + response.code());
      }
      return new String(Bodies.read(response.body(), maxBytes), StandardCharsets.UTF_8);
    } catch (Bodies.OversizeException e) {
      throw new IOException(uri + ": expected at most " + maxBytes + " bytes, got more");
    }
  }
}
