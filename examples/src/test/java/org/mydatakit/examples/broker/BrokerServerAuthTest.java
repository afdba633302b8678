package org.mydatakit.examples.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mydatakit.examples.broker.BrokerFixture.BANK;
import static org.mydatakit.examples.broker.BrokerFixture.CI;
import static org.mydatakit.examples.broker.BrokerFixture.OTHER_BANK;
import static org.mydatakit.examples.broker.BrokerFixture.OTHER_CI;
import static org.mydatakit.examples.broker.BrokerFixture.assertProblem;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;

/**
 * Client authentication, DPoP and authorisation attacks; every refusal is a bare RFC 9457 problem.
 */
class BrokerServerAuthTest {
  private final BrokerFixture f = new BrokerFixture();

  @AfterEach
  void stop() {
    f.close();
  }

  static Stream<Arguments> badAssertions() {
    Function<BrokerFixture, String> none =
        x -> unsigned("{\"alg\":\"none\",\"kid\":\"" + x.bankKeys.currentKeyId() + "\"}", x);
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
            "lifetime over five minutes",
            (Function<BrokerFixture, String>)
                x -> x.assertion(BANK, x.bankKeys, c -> c.put("exp", now() + 3600))),
        Arguments.of(
            "wrong audience",
            (Function<BrokerFixture, String>)
                x -> x.assertion(BANK, x.bankKeys, c -> c.put("aud", x.url("/consents")))),
        Arguments.of(
            "audience as an array",
            (Function<BrokerFixture, String>)
                x -> x.assertion(BANK, x.bankKeys, c -> c.putArray("aud").add(x.url("/grants")))),
        Arguments.of(
            "sub differs from iss",
            (Function<BrokerFixture, String>)
                x -> x.assertion(BANK, x.bankKeys, c -> c.put("sub", "OTHER-BANK"))),
        Arguments.of(
            "signed with another consumer's key",
            (Function<BrokerFixture, String>) x -> x.assertion(BANK, x.otherBankKeys, c -> {})),
        Arguments.of(
            "signed with an unregistered key of the same kid",
            (Function<BrokerFixture, String>)
                x ->
                    x.assertion(
                        BANK,
                        SigningKeySet.generate(SigningAlgorithm.ES256, x.bankKeys.currentKeyId()),
                        c -> {})),
        Arguments.of(
            "unregistered consumer",
            (Function<BrokerFixture, String>)
                x -> x.assertion(org.mydatakit.consent.AgencyId.of("NOBODY"), x.bankKeys, c -> {})),
        Arguments.of("alg none", none),
        Arguments.of("alg HS256", (Function<BrokerFixture, String>) BrokerServerAuthTest::hs256));
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

  @Test
  void dpopProofMissingForAnotherMethodOrUrlOrReplayedIsRefused() {
    String consent = f.activeConsent();
    assertProblem(grant(f.assertion(), null, null, null, consent), 401, "invalid_dpop_proof");
    assertProblem(
        grant(f.assertion(), f.dpopKey, "GET", f.url("/grants"), consent),
        401,
        "invalid_dpop_proof");
    assertProblem(
        grant(f.assertion(), f.dpopKey, "POST", f.url("/fetches"), consent),
        401,
        "invalid_dpop_proof");
    String proof = new BrokerCredentialsProbe(f).proof("POST", f.url("/grants"));
    assertThat(grantWithProof(f.assertion(), proof, consent).statusCode()).isEqualTo(200);
    assertProblem(grantWithProof(f.assertion(), proof, consent), 401, "invalid_dpop_proof");
  }

  @Test
  void dpopProofWithAnAccessTokenHashIsRefusedAtTheTokenEndpoint() {
    String proof = f.dpopKey.proof("POST", URI.create(f.url("/grants")), "some-token");
    assertProblem(
        grantWithProof(f.assertion(), proof, f.activeConsent()), 401, "invalid_dpop_proof");
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
    String proof = key == null ? null : new BrokerCredentialsProbe(f, key).proof(htm, htu);
    return grantWithProof(assertion, proof, consent);
  }

  private HttpResponse<String> grantWithProof(String assertion, String proof, String consent) {
    ObjectNode body = BrokerFixture.JSON.createObjectNode();
    body.put("client_assertion_type", ClientAssertions.TYPE);
    if (assertion != null) {
      body.put("client_assertion", assertion);
    }
    body.put("consentId", consent);
    body.put("provider", "NHIS");
    return proof == null
        ? f.post("/grants", body.toString())
        : f.post("/grants", body.toString(), "DPoP", proof);
  }

  private static long now() {
    return Instant.now().getEpochSecond();
  }

  private static String claims(BrokerFixture x) {
    return "{\"iss\":\"KB-BANK\",\"sub\":\"KB-BANK\",\"aud\":\""
        + x.url("/grants")
        + "\",\"iat\":"
        + now()
        + ",\"exp\":"
        + (now() + 60)
        + ",\"jti\":\""
        + java.util.UUID.randomUUID()
        + "\"}";
  }

  private static String unsigned(String header, BrokerFixture x) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString(header.getBytes(StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString(claims(x).getBytes(StandardCharsets.UTF_8))
        + ".";
  }

  private static String hs256(BrokerFixture x) {
    try {
      JWSObject jws =
          new JWSObject(
              new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(x.bankKeys.currentKeyId()).build(),
              new Payload(claims(x)));
      jws.sign(new MACSigner(new byte[32]));
      return jws.serialize();
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
