package org.mydatakit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The contract checker itself: valid answers pass, and each kind of departure from broker-api.yaml
 * is reported, so that the check on every answer of the server's tests cannot pass everything
 * silently.
 */
class ApiContractTest {
  private static final ApiContract CONTRACT = ApiContract.broker();
  private static final String JSON = "application/json";
  private static final String PROBLEM = "application/problem+json";
  private static final String CONSENT_ID = "0190b8c2-7d3e-7abc-8def-0123456789ab";
  private static final String GRANT =
      "{\"grant\":\"eyJhbGciOiJFUzI1NiJ9.e30.c2ln\",\"grantId\":\"g-1\","
          + "\"expiresAt\":\"2026-12-01T00:00:00Z\"}";
  private static final Function<String, String> NO_STORE = headers("Cache-Control", "no-store");

  @Test
  void theDocumentIsAWellFormedOpenApi31Document() throws IOException {
    String yaml;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(ApiContract.RESOURCE)) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(yaml, null, options);
    assertThat(parsed.getMessages()).isEmpty();
    assertThat(parsed.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
    assertThat(parsed.getOpenAPI().getPaths())
        .containsKeys("/consents", "/consents/{id}", "/grants", "/status/1", "/log/checkpoint");
  }

  @Test
  void documentedAnswersPass() {
    assertThatCode(() -> CONTRACT.verify("POST", "/grants", 200, JSON, NO_STORE, GRANT))
        .doesNotThrowAnyException();
    assertThatCode(
            () ->
                CONTRACT.verify(
                    "POST",
                    "/grants",
                    429,
                    PROBLEM,
                    NO_STORE,
                    problem("too-many-requests", 429, "ONE_TIME_USED")))
        .doesNotThrowAnyException();
    assertThatCode(
            () ->
                CONTRACT.verify("GET", "/consents/" + CONSENT_ID, 200, JSON, NO_STORE, consent("")))
        .doesNotThrowAnyException();
    assertThatCode(
            () ->
                CONTRACT.verify(
                    "GET", "/nowhere", 404, PROBLEM, NO_STORE, problem("not-found", 404, null)))
        .doesNotThrowAnyException();
  }

  @Test
  void aMissingRequiredMemberIsReported() {
    assertFails(
        "POST",
        "/grants",
        200,
        JSON,
        NO_STORE,
        GRANT.replace("\"grantId\":\"g-1\",", ""),
        "does not match");
    assertFails(
        "POST",
        "/grants",
        401,
        PROBLEM,
        NO_STORE,
        "{\"type\":\"https://mydatakit.org/problems/unauthorized\",\"status\":401,"
            + "\"reason\":\"invalid_client\"}",
        "does not match");
  }

  @Test
  void anExtraMemberWhereTheShapeIsClosedIsReported() {
    assertFails(
        "POST",
        "/grants",
        200,
        JSON,
        NO_STORE,
        GRANT.replace("}", ",\"scope\":\"all\"}"),
        "does not match");
    // the consumer's view never carries a subject
    assertFails(
        "GET",
        "/consents/" + CONSENT_ID,
        200,
        JSON,
        NO_STORE,
        consent(",\"subject\":{\"broker\":\"s\",\"pairwise\":{}}"),
        "does not match");
    assertFails(
        "GET",
        "/consents",
        401,
        PROBLEM,
        NO_STORE,
        problem("unauthorized", 401, "invalid_client").replace("}", ",\"instance\":\"/consents\"}"),
        "does not match");
  }

  @Test
  void aWrongTypeOrValueIsReported() {
    assertFails(
        "POST", "/grants", 200, JSON, NO_STORE, GRANT.replace("\"g-1\"", "1"), "does not match");
    assertFails(
        "POST",
        "/grants",
        200,
        JSON,
        NO_STORE,
        GRANT.replace("2026-12-01T00:00:00Z", "2026-12-01T09:00:00+09:00"),
        "does not match");
    assertFails(
        "POST",
        "/grants",
        403,
        PROBLEM,
        NO_STORE,
        problem("not-found", 403, "agency_suspended"),
        "does not match");
    assertFails(
        "POST",
        "/grants",
        403,
        PROBLEM,
        NO_STORE,
        problem("forbidden", 403, "some_new_reason"),
        "does not match");
    assertFails("GET", "/log/key", 200, "text/plain", NO_STORE, "not a key", "does not match");
  }

  @Test
  void anUndocumentedStatusMediaTypeHeaderPathOrMethodIsReported() {
    assertFails(
        "POST", "/grants", 418, PROBLEM, NO_STORE, problem("error", 418, null), "not documented");
    assertFails("POST", "/grants", 200, "text/html", NO_STORE, "<p>", "not documented");
    assertFails("POST", "/grants", 200, null, NO_STORE, GRANT, "no Content-Type");
    assertFails("POST", "/grants", 200, JSON, name -> null, GRANT, "Cache-Control");
    assertFails("GET", "/status/1", 304, null, NO_STORE, "", "ETag");
    assertFails("GET", "/grants/more", 200, JSON, NO_STORE, GRANT, "not in the document");
    assertFails("DELETE", "/grants", 200, JSON, NO_STORE, GRANT, "not in the document");
    assertFails(
        "DELETE",
        "/grants",
        405,
        PROBLEM,
        NO_STORE,
        problem("method-not-allowed", 405, null),
        "Allow");
  }

  private static void assertFails(
      String method,
      String path,
      int status,
      String type,
      Function<String, String> headers,
      String body,
      String message) {
    assertThatThrownBy(() -> CONTRACT.verify(method, path, status, type, headers, body))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(message);
  }

  private static Function<String, String> headers(String... pairs) {
    Map<String, String> map = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map::get;
  }

  private static String problem(String type, int status, String reason) {
    return "{\"type\":\"https://mydatakit.org/problems/"
        + type
        + "\",\"title\":\"a title\",\"status\":"
        + status
        + (reason == null ? "" : ",\"reason\":\"" + reason + "\"")
        + "}";
  }

  /** A consent in the consumer's view, with {@code more} members added at the end. */
  private static String consent(String more) {
    return "{\"id\":\""
        + CONSENT_ID
        + "\",\"version\":1,\"consumer\":\"KB-BANK\","
        + "\"items\":[{\"provider\":\"NHIS\",\"code\":\"nhis.qualification\"}],"
        + "\"purpose\":{\"code\":\"loan-screening\",\"text\":\"t\","
        + "\"legalBasis\":{\"code\":\"pipa-35-2\",\"text\":\"t\"}},"
        + "\"delivery\":{\"kind\":\"ONE_TIME\"},"
        + "\"validFrom\":\"2026-01-01T00:00:00Z\",\"validUntil\":\"2027-01-01T00:00:00Z\","
        + "\"retention\":\"P1Y\",\"status\":\"REQUESTED\","
        + "\"createdAt\":\"2026-01-01T00:00:00Z\",\"statusChangedAt\":\"2026-01-01T00:00:00Z\""
        + more
        + "}";
  }
}
