package org.mydatakit.testkit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.grant.Grant;

/** A bare JDK HTTP client for the tests, standing in for the real client module. */
final class Http {
  /** Generous: only there so that a broken test fails instead of hanging. */
  static final Duration HANG_GUARD = Duration.ofSeconds(30);

  static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private static final AtomicLong SEQUENCE = new AtomicLong();
  private static final ObjectMapper STRICT =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private Http() {}

  /** A new transaction id in the 거래고유번호 style: KBBANK + date + 8-digit sequence. */
  static String tranId() {
    return String.format("KBBANK20261127%08d", SEQUENCE.incrementAndGet());
  }

  /** A GET with the three profile headers; null values are left out. */
  static HttpRequest.Builder request(URI url, String grant, String proof, String tranId) {
    HttpRequest.Builder request = HttpRequest.newBuilder(url).GET().timeout(HANG_GUARD);
    if (grant != null) {
      request.header("Authorization", "DPoP " + grant);
    }
    if (proof != null) {
      request.header("DPoP", proof);
    }
    if (tranId != null) {
      request.header("X-Api-Tran-Id", tranId);
    }
    return request;
  }

  /** Sends {@code request}, blocking. */
  static HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
    try {
      return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** A correct fetch: the grant, a fresh proof for GET {@code url}, a new transaction id. */
  static HttpResponse<String> fetch(URI url, Grant grant, DpopKey key) throws IOException {
    return send(request(url, grant.token(), key.proof("GET", url, grant.token()), tranId()));
  }

  /** Parses strictly (duplicate keys rejected). */
  static JsonNode json(String body) {
    try {
      return STRICT.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
