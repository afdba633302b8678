package org.mydatakit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.mydatakit.client.internal.ConsentTerms;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ConsentStatus;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.ItemCode;

/**
 * The contract checker of the client's tests: a request or an answer the broker's document does not
 * allow is reported, so the checks in {@link RemoteGrantSourceTest} cannot pass everything. The
 * {@code /fetches} case pins where the client and the broker server disagree today; the consent
 * case pins that the client reads the consent view the broker sends (without a subject).
 */
class BrokerContractTest {
  private static final BrokerContract CONTRACT = BrokerContract.broker();
  private static final String JWS = "eyJhbGciOiJFUzI1NiJ9.e30.c2ln";
  private static final String CONSENT_ID = "0190b8c2-7d3e-7abc-8def-0123456789ab";
  private static final String GRANT_BODY =
      "{\"client_assertion_type\":\"urn:ietf:params:oauth:client-assertion-type:jwt-bearer\","
          + "\"client_assertion\":\""
          + JWS
          + "\",\"consentId\":\""
          + CONSENT_ID
          + "\",\"provider\":\"NHIS\"}";
  private static final Function<String, String> NONE = name -> null;

  @Test
  void aDocumentedGrantRequestAndAnswerPass() {
    assertThatCode(
            () ->
                CONTRACT.request(
                    "POST",
                    "/grants",
                    headers("Content-Type", "application/json; charset=utf-8", "DPoP", JWS),
                    NONE,
                    GRANT_BODY))
        .doesNotThrowAnyException();
    assertThatCode(
            () ->
                CONTRACT.request(
                    "GET", "/consents/" + CONSENT_ID, headers("Client-Assertion", JWS), NONE, ""))
        .doesNotThrowAnyException();
    assertThatCode(
            () ->
                CONTRACT.response(
                    "POST",
                    "/grants",
                    200,
                    headers("Content-Type", "application/json", "Cache-Control", "no-store"),
                    "{\"grant\":\""
                        + JWS
                        + "\",\"grantId\":\"g\",\"expiresAt\":\"2026-12-01T00:00:00Z\"}"))
        .doesNotThrowAnyException();
  }

  @Test
  void aRequestOffTheContractIsReported() {
    var json = headers("Content-Type", "application/json", "DPoP", JWS);
    assertFails(
        () ->
            CONTRACT.request(
                "POST", "/grants", headers("Content-Type", "application/json"), NONE, GRANT_BODY),
        "DPoP");
    assertFails(
        () ->
            CONTRACT.request(
                "POST", "/grants", json, NONE, GRANT_BODY.replace("}", ",\"scope\":\"x\"}")),
        "does not match");
    assertFails(
        () ->
            CONTRACT.request(
                "POST",
                "/grants",
                json,
                NONE,
                GRANT_BODY.replace("\"client_assertion\":", "\"assertion\":")),
        "does not match");
    assertFails(
        () -> CONTRACT.request("POST", "/grants", json, NONE, GRANT_BODY.replace(CONSENT_ID, "42")),
        "does not match");
    assertFails(
        () ->
            CONTRACT.request(
                "POST",
                "/grants",
                headers("Content-Type", "text/plain", "DPoP", JWS),
                NONE,
                GRANT_BODY),
        "not documented");
    assertFails(
        () -> CONTRACT.request("GET", "/consents/" + CONSENT_ID, NONE, NONE, ""),
        "Client-Assertion");
    assertFails(
        () -> CONTRACT.request("PUT", "/grants", json, NONE, GRANT_BODY), "not in the document");
  }

  @Test
  void anAnswerOffTheContractIsReported() {
    var json = headers("Content-Type", "application/json", "Cache-Control", "no-store");
    assertFails(
        () -> CONTRACT.response("POST", "/grants", 200, json, "{\"grant\":\"" + JWS + "\"}"),
        "does not match");
    assertFails(() -> CONTRACT.response("POST", "/grants", 202, json, ""), "not documented");
    assertFails(
        () ->
            CONTRACT.response(
                "POST",
                "/grants",
                429,
                headers("Content-Type", "application/problem+json", "Cache-Control", "no-store"),
                "{\"status\":429,\"reason\":\"BUDGET_EXHAUSTED\"}"),
        "does not match");
  }

  /**
   * {@code RemoteGrantSource#recorded} and {@code #delivered} post to {@code /fetches}: the
   * document holds the body to the fetch's members and the answer to a bodiless 204.
   */
  @Test
  void theFetchesEndpointIsHeldToTheDocument() {
    assertFails(
        () ->
            CONTRACT.request(
                "POST", "/fetches", headers("Content-Type", "application/json"), NONE, "{}"),
        "does not match");
    assertFails(() -> CONTRACT.response("POST", "/fetches", 200, headers(), ""), "not documented");
  }

  /**
   * The broker server never sends a subject to a consumer: the document refuses a consent view with
   * {@code subject}, and {@code RemoteGrantSource#consent} reads the view without it ({@code
   * ConsentTerms#readConsumerView}).
   */
  @Test
  void theClientReadsTheBrokersConsentViewWithoutSubject() {
    String withSubject =
        "{\"id\":\""
            + CONSENT_ID
            + "\",\"version\":1,\"subject\":{\"broker\":\"s\",\"pairwise\":{}},"
            + "\"consumer\":\"KB-BANK\",\"items\":[{\"provider\":\"NHIS\",\"code\":\"c\"}],"
            + "\"purpose\":{\"code\":\"p\",\"text\":\"t\",\"legalBasis\":{\"code\":\"b\",\"text\":\"t\"}},"
            + "\"delivery\":{\"kind\":\"ONE_TIME\"},\"validFrom\":\"2026-01-01T00:00:00Z\","
            + "\"validUntil\":\"2027-01-01T00:00:00Z\",\"retention\":\"P1Y\",\"status\":\"ACTIVE\","
            + "\"createdAt\":\"2026-01-01T00:00:00Z\",\"statusChangedAt\":\"2026-01-01T00:00:00Z\"}";
    String view = withSubject.replace("\"subject\":{\"broker\":\"s\",\"pairwise\":{}},", "");
    var json = headers("Content-Type", "application/json", "Cache-Control", "no-store");
    assertFails(
        () -> CONTRACT.response("GET", "/consents/" + CONSENT_ID, 200, json, withSubject),
        "additionalProperties");
    assertThatCode(() -> CONTRACT.response("GET", "/consents/" + CONSENT_ID, 200, json, view))
        .doesNotThrowAnyException();

    ConsentTerms terms = ConsentTerms.readConsumerView(view);
    assertThat(terms.items()).containsExactly(DataItem.of(AgencyId.of("NHIS"), ItemCode.of("c")));
    assertThat(terms.dataRange()).isEmpty();
    assertThat(terms.status()).isEqualTo(ConsentStatus.ACTIVE);
  }

  private static void assertFails(Runnable check, String message) {
    assertThatThrownBy(check::run).isInstanceOf(AssertionError.class).hasMessageContaining(message);
  }

  private static Function<String, String> headers(String... pairs) {
    Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map::get;
  }
}
