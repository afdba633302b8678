package org.mydatakit.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mydatakit.sampleidp.SampleCitizensIdentityProvider;

/**
 * A citizen's user agent without a browser: its own cookie jar, redirects followed as a browser
 * does, the identity provider's login form filled in and posted, and the broker session's CSRF
 * token sent with every POST.
 */
final class CitizenBrowser {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CSRF_INPUT =
      Pattern.compile(
          "name=\"_csrf\"[^>]*value=\"([^\"]+)\"|value=\"([^\"]+)\"[^>]*name=\"_csrf\"");

  private final String broker;
  private final HttpClient http;
  private final UnaryOperator<HttpResponse<String>> inspector;
  private String csrfHeader;
  private String csrfToken;

  CitizenBrowser(int port, UnaryOperator<HttpResponse<String>> inspector) {
    this.broker = "http://127.0.0.1:" + port;
    this.inspector = inspector;
    this.http =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  /** Signs in as {@code user} at the identity provider's form; the last response of the flow. */
  HttpResponse<String> signIn(String user) {
    // as a browser would: ask for the session, be sent to sign in, and come back to it
    HttpResponse<String> form =
        send(HttpRequest.newBuilder(uri(CitizenController.HOME)).header("Accept", "text/html"));
    if (form.statusCode() != 200 || !form.uri().getPath().equals("/login")) {
      throw new IllegalStateException("expected the provider's login form, got " + form.uri());
    }
    Matcher csrf = CSRF_INPUT.matcher(form.body());
    if (!csrf.find()) {
      throw new IllegalStateException("the login form has no CSRF field");
    }
    String token = csrf.group(1) != null ? csrf.group(1) : csrf.group(2);
    String fields =
        "username="
            + encode(user)
            + "&password="
            + encode(SampleCitizensIdentityProvider.PASSWORD)
            + "&_csrf="
            + encode(token);
    HttpResponse<String> done =
        send(
            HttpRequest.newBuilder(form.uri())
                .header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(fields)));
    if (done.statusCode() == 200 && done.uri().getPath().equals(CitizenController.HOME)) {
      JsonNode session = json(done);
      csrfHeader = session.path("csrfHeader").asText();
      csrfToken = session.path("csrfToken").asText();
    }
    return done;
  }

  /** A page, as a browser asks for it. */
  HttpResponse<String> page(String path) {
    return send(HttpRequest.newBuilder(uri(path)).header("Accept", "text/html"));
  }

  /** A form posted as a browser posts it, with the session's CSRF token in the form if asked. */
  HttpResponse<String> form(String path, String fields, boolean withCsrf) {
    String body = fields;
    if (withCsrf && csrfToken != null) {
      body = (fields.isEmpty() ? "" : fields + "&") + "_csrf=" + encode(csrfToken);
    }
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Accept", "text/html")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).header("Accept", "application/json"));
  }

  /** A POST with the session's CSRF token and {@code body} as JSON (none if null). */
  HttpResponse<String> post(String path, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
    if (csrfHeader != null) {
      request.header(csrfHeader, csrfToken);
    }
    return postRaw(request, body);
  }

  /** A POST without any CSRF token. */
  HttpResponse<String> postWithoutCsrf(String path, String body) {
    return postRaw(HttpRequest.newBuilder(uri(path)), body);
  }

  private HttpResponse<String> postRaw(HttpRequest.Builder request, String body) {
    request.header("Accept", "application/json");
    if (body == null) {
      request.POST(HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body));
    }
    return send(request);
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private URI uri(String path) {
    return URI.create(broker + path);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return inspector.apply(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
