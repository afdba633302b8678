package org.mydatakit.examples.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mydatakit.examples.broker.BrokerFixture.BANK;
import static org.mydatakit.examples.broker.BrokerFixture.CI;
import static org.mydatakit.examples.broker.BrokerFixture.OTHER_BANK;
import static org.mydatakit.examples.broker.BrokerFixture.OTHER_CI;
import static org.mydatakit.examples.broker.BrokerFixture.assertProblem;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mydatakit.grant.ClientAssertionVerifier;
import org.mydatakit.grant.DpopKey;

/**
 * The sample broker's wiring of client authentication and DPoP, and its authorisation; every
 * refusal is a bare RFC 9457 problem.
 */
class BrokerServerAuthTest {
  private final BrokerFixture f = new BrokerFixture();

  @AfterEach
  void stop() {
    f.close();
  }

  /**
   * A few rejections, to show every endpoint maps the library's verdict to one 401; every attack
   * and its reason is in core's {@code ClientAssertionAttackTest}.
   */
  static Stream<Arguments> badAssertions() {
    return Stream.of(
        Arguments.of("no assertion", (Function<BrokerFixture, String>) x -> null),
        Arguments.of("garbage", (Function<BrokerFixture, String>) x -> "not.a.jws"),
        Arguments.of(
            "expired",
            (Function<BrokerFixture, String>)
                x ->
                    x.assertion(
                        BANK, x.bankKeys, c -> c.put("iat", now() - 900).put("exp", now() - 600))),
        Arguments.of(
            "wrong audience",
            (Function<BrokerFixture, String>)
                x -> x.assertion(BANK, x.bankKeys, c -> c.put("aud", x.url("/consents")))),
        Arguments.of(
            "signed with another consumer's key",
            (Function<BrokerFixture, String>) x -> x.assertion(BANK, x.otherBankKeys, c -> {})));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badAssertions")
  void badClientAssertionIsRefusedWith401(String name, Function<BrokerFixture, String> assertion) {
    String consent = f.activeConsent();
    assertProblem(
        grant(assertion.apply(f), f.dpopKey, "POST", f.url("/grants"), consent),
        401,
        "invalid_client");
    assertProblem(
        f.post("/consents", f.consentRequest(assertion.apply(f)).toString()),
        401,
        "invalid_client");
    assertProblem(
        f.get(
            "/consents/" + consent,
            ConsentEndpoint.ASSERTION_HEADER,
            String.valueOf(assertion.apply(f))),
        401,
        "invalid_client");
  }

  @Test
  void replayedAssertionIsRefused() {
    String consent = f.activeConsent();
    String assertion = f.assertion();
    assertThat(grant(assertion, f.dpopKey, "POST", f.url("/grants"), consent).statusCode())
        .isEqualTo(200);
    assertProblem(
        grant(assertion, f.dpopKey, "POST", f.url("/grants"), consent), 401, "invalid_client");
  }

  @Test
  void consumerCannotGetAGrantOrReadAnotherConsumersConsent() {
    String consent = f.activeConsent();
    String other = f.assertion(OTHER_BANK, f.otherBankKeys, c -> {});
    assertProblem(
        grant(other, f.dpopKey, "POST", f.url("/grants"), consent), 403, "not_the_consumer");
    String again = f.assertion(OTHER_BANK, f.otherBankKeys, c -> {});
    assertProblem(
        f.get("/consents/" + consent, ConsentEndpoint.ASSERTION_HEADER, again),
        403,
        "not_the_consumer");
  }

  /**
   * The token endpoint maps the library's verdict on the proof to 401; every attack and its reason
   * is in core's {@code DpopProofVerifierAttackTest}.
   */
  @Test
  void dpopProofMissingDoubledForAnotherUrlWithAnAthOrReplayedIsRefused() {
    String consent = f.activeConsent();
    assertProblem(grant(f.assertion(), null, null, null, consent), 401, "invalid_dpop_proof");
    String one = f.dpopKey.proof("POST", URI.create(f.url("/grants")));
    String two = f.dpopKey.proof("POST", URI.create(f.url("/grants")));
    assertProblem(
        f.post("/grants", grantBody(f.assertion(), consent), "DPoP", one, "DPoP", two),
        401,
        "invalid_dpop_proof");
    assertProblem(
        grant(f.assertion(), f.dpopKey, "POST", f.url("/fetches"), consent),
        401,
        "invalid_dpop_proof");
    String withAth = f.dpopKey.proof("POST", URI.create(f.url("/grants")), "some-token");
    assertProblem(grantWithProof(f.assertion(), withAth, consent), 401, "invalid_dpop_proof");
    String proof = f.dpopKey.proof("POST", URI.create(f.url("/grants")));
    assertThat(grantWithProof(f.assertion(), proof, consent).statusCode()).isEqualTo(200);
    assertProblem(grantWithProof(f.assertion(), proof, consent), 401, "invalid_dpop_proof");
  }

  @Test
  void citizenEndpointsNeedTheCitizenAndOnlyTheirOwnConsents() {
    String consent = f.activeConsent();
    assertProblem(f.get("/citizen/history"), 401, "citizen_required");
    assertProblem(
        f.get("/consents/" + consent + "/receipts", Endpoint.CITIZEN_HEADER, OTHER_CI),
        403,
        "not_the_subject");
    assertProblem(
        f.post("/consents/" + consent + "/pause", "{}", Endpoint.CITIZEN_HEADER, OTHER_CI),
        403,
        "not_the_subject");
    assertProblem(
        f.post(
            "/consents/" + consent + "/revoke",
            "{\"by\":\"OPERATOR\",\"reason\":\"x\"}",
            Endpoint.CITIZEN_HEADER,
            CI),
        403,
        "revoker_not_supported");
  }

  @Test
  void stateBudgetInputAndNotFoundProblems() {
    String consent = f.activeConsent();
    assertProblem(
        f.post("/consents/" + consent + "/approve", f.approval(CI).toString()),
        409,
        "illegal_transition");
    assertProblem(
        f.post("/consents/" + consent + "/approve", f.approval(OTHER_CI).toString()),
        403,
        "not_the_subject");
    assertProblem(
        f.post(
            "/consents/0190b8c2-7d3e-7abc-8def-0123456789ab/pause",
            "{}",
            Endpoint.CITIZEN_HEADER,
            CI),
        404,
        null);
    assertProblem(f.get("/nowhere"), 404, null);
    ObjectNode unknown = f.consentRequest(f.assertion()).put("extra", 1);
    assertProblem(f.post("/consents", unknown.toString()), 400, "invalid_request");
    String duplicate = "{\"by\":\"CITIZEN\",\"by\":\"CONSUMER\",\"reason\":\"x\"}";
    assertProblem(
        f.post("/consents/" + consent + "/revoke", duplicate, Endpoint.CITIZEN_HEADER, CI),
        400,
        "invalid_request");
    ObjectNode offset =
        f.consentRequest(f.assertion()).put("validFrom", "2026-01-01T09:00:00+09:00");
    assertProblem(f.post("/consents", offset.toString()), 400, "invalid_request");
    assertThat(grant(f.assertion(), f.dpopKey, "POST", f.url("/grants"), consent).statusCode())
        .isEqualTo(200);
    HttpResponse<String> second =
        grant(f.assertion(), f.dpopKey, "POST", f.url("/grants"), consent);
    assertProblem(second, 429, "ONE_TIME_USED");
    assertThat(second.headers().firstValue("Retry-After")).isEmpty(); // no later time will help
  }

  private HttpResponse<String> grant(
      String assertion, DpopKey key, String htm, String htu, String consent) {
    String proof = key == null ? null : key.proof(htm, URI.create(htu));
    return grantWithProof(assertion, proof, consent);
  }

  private HttpResponse<String> grantWithProof(String assertion, String proof, String consent) {
    return proof == null
        ? f.post("/grants", grantBody(assertion, consent))
        : f.post("/grants", grantBody(assertion, consent), "DPoP", proof);
  }

  private static String grantBody(String assertion, String consent) {
    ObjectNode body = BrokerFixture.JSON.createObjectNode();
    body.put("client_assertion_type", ClientAssertionVerifier.ASSERTION_TYPE);
    if (assertion != null) {
      body.put("client_assertion", assertion);
    }
    body.put("consentId", consent);
    body.put("provider", "NHIS");
    return body.toString();
  }

  private static long now() {
    return Instant.now().getEpochSecond();
  }
}
