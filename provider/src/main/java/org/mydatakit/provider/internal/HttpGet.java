package org.mydatakit.provider.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A plain GET of a small public document (JWKS, status list) with transport hygiene: https only
 * (plain http to a loopback address, or when explicitly allowed), no redirect ever followed, no
 * HTTP cache, a call timeout, and a size cap enforced while streaming.
 */
public final class HttpGet {
  /** Used when the given client has no call timeout: every network call has one. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);

  private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}");

  private HttpGet() {}

  /** A 200 answer: the body as text and its {@code Cache-Control: max-age}, or -1 if none. */
  public record Answer(String body, long maxAgeSeconds) {
    @Override
    public String toString() {
      return "Answer[" + body.length() + " characters, maxAge=" + maxAgeSeconds + "]";
    }
  }

  /**
   * A client derived from {@code shared} that never follows redirects and has no HTTP cache (our
   * caches decide freshness), with a call timeout if it had none.
   */
  public static OkHttpClient derive(OkHttpClient shared) {
    OkHttpClient.Builder b =
        shared.newBuilder().followRedirects(false).followSslRedirects(false).cache(null);
    if (shared.callTimeoutMillis() <= 0) {
      b.callTimeout(DEFAULT_CALL_TIMEOUT);
    }
    return b.build();
  }

  /**
   * Checks that {@code uri} may be fetched: https, or http to a loopback host (127.0.0.0/8, ::1,
   * {@code localhost}), or any http if {@code allowInsecureHttp}.
   *
   * @throws IllegalArgumentException naming what was expected
   */
  public static URI requireSecure(String what, URI uri, boolean allowInsecureHttp) {
    if (uri == null) {
      throw new IllegalArgumentException(what + ": expected an https uri, got none");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    HttpUrl url = HttpUrl.parse(uri.toString());
    if (url == null || (!scheme.equals("https") && !scheme.equals("http"))) {
      throw new IllegalArgumentException(what + ": expected an absolute https uri");
    }
    if (scheme.equals("http") && !allowInsecureHttp && !isLoopback(url.host())) {
      throw new IllegalArgumentException(
          what
              + ": expected https (plain http only to a loopback host, or with"
              + " allowInsecureHttp()), got http to "
              + url.host());
    }
    return uri;
  }

  /** Whether {@code host} (as OkHttp canonicalised it) is a loopback name or address literal. */
  static boolean isLoopback(String host) {
    return host.equals("localhost") || host.equals("::1") || IPV4_LOOPBACK.matcher(host).matches();
  }

  /**
   * The body of a 200 answer as UTF-8 text.
   *
   * @throws IOException on a transport failure, a redirect, another status or a body over {@code
   *     maxBytes}; the message names the uri and status, never the body
   */
  public static Answer text(OkHttpClient client, URI uri, String accept, long maxBytes)
      throws IOException {
    Request request =
        new Request.Builder()
            .url(HttpUrl.get(uri.toString()))
            .get()
            .header("Accept", accept)
            .build();
    try (Response response = client.newCall(request).execute()) {
      int code = response.code();
      if (code >= 300 && code < 400) {
        throw new IOException(
            uri + ": expected status 200, got " + code + " (redirects are not followed)");
      }
      if (code != 200) {
        throw new IOException(uri + ": expected status 200, got " + code);
      }
      byte[] body = Bodies.read(response.body(), maxBytes);
      return new Answer(
          new String(body, StandardCharsets.UTF_8), response.cacheControl().maxAgeSeconds());
    } catch (Bodies.OversizeException e) {
      throw new IOException(uri + ": expected at most " + maxBytes + " bytes, got more");
    }
  }
}
