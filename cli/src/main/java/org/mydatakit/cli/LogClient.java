package org.mydatakit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * A broker's log over HTTP, at the sample server's stable URLs under {@code --log URL}: {@code
 * /log/checkpoint}, {@code /log/consistency?old=N&new=M} and {@code POST /log/cosignature?size=N}.
 * Connects within 5 s, answers within 10 s, follows no redirect and reads at most 1 MB of a body;
 * any other answer than 200 is {@link Unreachable}. Messages name the URL and the status, never a
 * body.
 */
final class LogClient {
  static final int MAX_BODY = 1024 * 1024;
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** The log could not be reached, or did not answer 200 with a body within bounds. */
  static final class Unreachable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unreachable(String message) {
      super(message, null, false, false);
    }
  }

  private final String base;
  private final HttpClient http;

  private LogClient(String base) {
    this.base = base;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * The log at {@code url}, an {@code http} or {@code https} URL without query or fragment.
   *
   * @throws IllegalArgumentException naming what was expected
   */
  static LogClient of(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalArgumentException("expected the log's http(s) URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")
        || uri.getHost() == null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null
        || uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "expected the log's http(s) URL, without user info, query or fragment");
    }
    String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    return new LogClient(base);
  }

  /** The log's public key, as the log serves it: {@code GET /log/key}. */
  String key() {
    return get("/log/key");
  }

  /** The log's signed checkpoint: {@code GET /log/checkpoint}. */
  String checkpoint() {
    return get("/log/checkpoint");
  }

  /**
   * The consistency proof's text: {@code GET /log/consistency?old=N&new=M}, one base64 hash a line.
   */
  String consistency(long oldSize, long newSize) {
    return get("/log/consistency?old=" + oldSize + "&new=" + newSize);
  }

  /** Hands a cosignature line to the log: {@code POST /log/cosignature?size=N}. */
  String cosign(long size, String line) {
    return send(
        HttpRequest.newBuilder(uri("/log/cosignature?size=" + size))
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "text/plain; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(line, StandardCharsets.UTF_8))
            .build());
  }

  /** {@code base + path}, for messages. */
  String url(String path) {
    return base + path;
  }

  private String get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).timeout(REQUEST_TIMEOUT).GET().build());
  }

  private URI uri(String path) {
    return URI.create(base + path);
  }

  private String send(HttpRequest request) {
    String what = request.method() + " " + request.uri();
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new Unreachable(
          "could not reach the log (" + what + ": " + e.getClass().getSimpleName() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unreachable("interrupted while waiting for the log (" + what + ")");
    }
    byte[] body;
    try (InputStream in = response.body()) {
      body = in.readNBytes(MAX_BODY + 1);
    } catch (IOException e) {
      throw new Unreachable(
          "could not read the log's answer (" + what + ": " + e.getClass().getSimpleName() + ")");
    }
    int status = response.statusCode();
    if (status / 100 == 3) {
      throw new Unreachable(
          "the log answered HTTP " + status + " to " + what + ": redirects are not followed");
    }
    if (status != 200) {
      throw new Unreachable("the log answered HTTP " + status + " to " + what);
    }
    if (body.length > MAX_BODY) {
      throw new Unreachable("the log's answer to " + what + " is larger than 1 MB");
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      throw new Unreachable("the log's answer to " + what + " is not UTF-8 text");
    }
  }
}
