package org.mydatakit.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The citizen's user agent, scripted: a cookie jar, redirects followed one by one as a browser
 * follows them (and printed, path only: never a code, state or token), the identity provider's
 * login form filled in and posted, then the broker's citizen API with the session's CSRF token on
 * every POST.
 */
final class CitizenAgent {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CSRF_INPUT =
      Pattern.compile(
          "name=\"_csrf\"[^>]*value=\"([^\"]+)\"|value=\"([^\"]+)\"[^>]*name=\"_csrf\"");

  private final URI broker;
  private final URI idp;
  private final PrintStream out;
  private final HttpClient http =
      HttpClient.newBuilder()
          .cookieHandler(new CookieManager())
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private String csrfHeader;
  private String csrfToken;

  CitizenAgent(URI broker, URI idp, PrintStream out) {
    this.broker = broker;
    this.idp = idp;
    this.out = out;
  }

  /**
   * Signs in at the broker with OpenID Connect: the broker sends her to the identity provider, she
   * posts its login form as {@code user}, the provider sends her back with a code, the broker
   * redeems it and reads her CI from the ID token. Prints each hop.
   */
  void signIn(String user, String password) {
    HttpResponse<String> form = follow(get(broker.resolve("/citizen/session"), "text/html"));
    if (form.statusCode() != 200 || !sameServer(form.uri(), idp)) {
      throw new DemoFailure("expected the identity provider's login form, got " + where(form));
    }
    Matcher csrf = CSRF_INPUT.matcher(form.body());
    if (!csrf.find()) {
      throw new DemoFailure("the identity provider's login form has no CSRF field");
    }
    hop("GET", form.uri(), "200, the login form: she enters her user name and password");
    String fields =
        "username="
            + encode(user)
            + "&password="
            + encode(password)
            + "&_csrf="
            + encode(csrf.group(1) != null ? csrf.group(1) : csrf.group(2));
    HttpResponse<String> home =
        follow(
            HttpRequest.newBuilder(form.uri())
                .header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(fields))
                .build());
    if (home.statusCode() != 200 || !home.uri().getPath().equals("/citizen/session")) {
      throw new DemoFailure("the sign-in did not end at the broker's session, but " + where(home));
    }
    JsonNode session = json(home);
    csrfHeader = session.path("csrfHeader").asText(null);
    csrfToken = session.path("csrfToken").asText(null);
    if (!session.path("signedIn").asBoolean() || csrfHeader == null || csrfToken == null) {
      throw new DemoFailure("the broker's session answer has no CSRF token");
    }
    hop("GET", home.uri(), "200: session established (a session cookie and a CSRF token)");
  }

  /** {@code GET path} on the broker, as JSON; anything but 200 is a failure. */
  JsonNode get(String path) {
    HttpResponse<String> answer = send(get(broker.resolve(path), "application/json"));
    return ok(answer, "GET " + path);
  }

  /** {@code POST path} on the broker with the session's CSRF token and a JSON body. */
  JsonNode post(String path, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(broker.resolve(path))
            .header("Accept", "application/json")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (csrfHeader != null) {
      request.header(csrfHeader, csrfToken);
    }
    return ok(send(request.build()), "POST " + path);
  }

  /** Sends {@code request}, then GETs every redirect's target, printing each hop. */
  private HttpResponse<String> follow(HttpRequest request) {
    HttpResponse<String> answer = send(request);
    for (int hops = 0; answer.statusCode() / 100 == 3; hops++) {
      String location = answer.headers().firstValue("Location").orElse(null);
      if (location == null || hops > 10) {
        throw new DemoFailure("a redirect without a target, or too many of them");
      }
      URI to = answer.uri().resolve(location);
      hop(
          answer.request().method(),
          answer.uri(),
          answer.statusCode() + " to " + label(to) + to.getPath() + note(answer.uri(), to));
      answer = send(get(to, "text/html"));
    }
    return answer;
  }

  /** What a hop means, for the hops of the OpenID Connect flow. */
  private String note(URI from, URI to) {
    if (sameServer(to, broker) && to.getPath().startsWith("/oauth2/authorization/")) {
      return " (not signed in yet)";
    }
    if (sameServer(to, idp) && to.getPath().equals("/login")) {
      return " (its login form)";
    }
    if (sameServer(to, broker) && to.getPath().startsWith("/login/oauth2/code/")) {
      return " (with an authorization code)";
    }
    if (sameServer(to, broker)
        && to.getPath().equals("/citizen/session")
        && from.getPath().startsWith("/login/oauth2/code/")) {
      return " (code redeemed with PKCE, ID token verified)";
    }
    return "";
  }

  private void hop(String method, URI at, String what) {
    out.printf("     %-4s %-40s → %s%n", method, label(at) + at.getPath(), what);
  }

  private String label(URI uri) {
    return sameServer(uri, broker) ? "broker " : sameServer(uri, idp) ? "identity provider " : "";
  }

  private static boolean sameServer(URI a, URI b) {
    return a.getHost().equals(b.getHost()) && a.getPort() == b.getPort();
  }

  private String where(HttpResponse<String> answer) {
    return answer.statusCode() + " at " + label(answer.uri()) + answer.uri().getPath();
  }

  private static HttpRequest get(URI uri, String accept) {
    return HttpRequest.newBuilder(uri).header("Accept", accept).GET().build();
  }

  private JsonNode ok(HttpResponse<String> answer, String what) {
    if (answer.statusCode() != 200) {
      throw new DemoFailure(what + ": the broker answered " + answer.statusCode());
    }
    return json(answer);
  }

  private static JsonNode json(HttpResponse<String> answer) {
    try {
      return JSON.readTree(answer.body());
    } catch (IOException e) {
      throw new DemoFailure("an answer that is not JSON");
    }
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new DemoFailure("the citizen's request failed: " + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DemoFailure("interrupted");
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
