package org.mydatakit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mydatakit.testkit.Fixtures.CONSUMER;
import static org.mydatakit.testkit.Fixtures.NHIS;
import static org.mydatakit.testkit.Fixtures.NHIS_QUALIFICATION;
import static org.mydatakit.testkit.Fixtures.NTS;
import static org.mydatakit.testkit.Fixtures.NTS_INCOME;
import static org.mydatakit.testkit.Fixtures.QUALIFICATION;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.grant.Grant;

/** Every way a request can be refused, answered with the profile's status, problem and reason. */
class RejectionTest {
  private static final FakeBroker broker = FakeBroker.create();
  private static FakeProviderAgency nhis;
  private final DpopKey key = DpopKey.generate();
  private URI url;
  private Grant grant;

  @BeforeAll
  static void start() {
    nhis = FakeProviderAgency.start(NHIS, broker);
  }

  @AfterAll
  static void stop() {
    nhis.stop();
  }

  @BeforeEach
  void grant() {
    Consent consent =
        broker.approvedConsent(SampleCitizen.HONG_GILDONG, CONSUMER, NHIS_QUALIFICATION);
    grant = broker.issueGrant(consent.id(), NHIS, key);
    url = nhis.itemUrl(QUALIFICATION);
  }

  private String proof() {
    return key.proof("GET", url, grant.token());
  }

  @Test
  void noGrantIsUnauthorizedWithADpopChallenge() throws IOException {
    HttpResponse<String> response = Http.send(Http.request(url, null, proof(), Http.tranId()));
    assertProblem(response, 401, "MALFORMED");
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("DPoP ").contains("invalid_token"));
  }

  @Test
  void aBearerSchemeIsNotAGrant() throws IOException {
    HttpRequest.Builder request = Http.request(url, null, proof(), Http.tranId());
    assertProblem(
        Http.send(request.header("Authorization", "Bearer " + grant.token())), 401, "MALFORMED");
  }

  @Test
  void garbageIsMalformed() throws IOException {
    assertProblem(
        Http.send(Http.request(url, "abc.def.ghi", proof(), Http.tranId())), 401, "MALFORMED");
  }

  @Test
  void aTamperedSignatureIsBadSignature() throws IOException {
    String token = grant.token();
    char last = token.charAt(token.length() - 2);
    String tampered =
        token.substring(0, token.length() - 2)
            + (last == 'A' ? 'B' : 'A')
            + token.charAt(token.length() - 1);
    String proof = key.proof("GET", url, tampered);
    assertProblem(
        Http.send(Http.request(url, tampered, proof, Http.tranId())), 401, "BAD_SIGNATURE");
  }

  @Test
  void aGrantFromAnotherBrokerHasAnUnknownKey() throws IOException {
    FakeBroker stranger = FakeBroker.create();
    Consent consent =
        stranger.approvedConsent(SampleCitizen.HONG_GILDONG, CONSUMER, NHIS_QUALIFICATION);
    Grant foreign = stranger.issueGrant(consent.id(), NHIS, key);
    String proof = key.proof("GET", url, foreign.token());
    assertProblem(
        Http.send(Http.request(url, foreign.token(), proof, Http.tranId())), 401, "UNKNOWN_KEY");
  }

  @Test
  void aMissingProofIsDpopMissing() throws IOException {
    HttpResponse<String> response =
        Http.send(Http.request(url, grant.token(), null, Http.tranId()));
    assertProblem(response, 401, "DPOP_MISSING");
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).contains("invalid_dpop_proof"));
  }

  @Test
  void aProofByAnotherKeyIsAKeyMismatch() throws IOException {
    String proof = DpopKey.generate().proof("GET", url, grant.token());
    assertProblem(
        Http.send(Http.request(url, grant.token(), proof, Http.tranId())),
        401,
        "DPOP_KEY_MISMATCH");
  }

  @Test
  void aReplayedProofIsRefusedTheSecondTime() throws IOException {
    String proof = proof();
    assertThat(Http.send(Http.request(url, grant.token(), proof, Http.tranId())).statusCode())
        .isEqualTo(200);
    assertProblem(
        Http.send(Http.request(url, grant.token(), proof, Http.tranId())), 401, "DPOP_REPLAY");
  }

  @Test
  void aProofForAnotherUrlIsAUrlMismatch() throws IOException {
    URI other = URI.create(url.toString().replace("127.0.0.1", "localhost"));
    String proof = key.proof("GET", other, grant.token());
    assertProblem(
        Http.send(Http.request(url, grant.token(), proof, Http.tranId())),
        401,
        "DPOP_URL_MISMATCH");
  }

  @Test
  void aProofForAnotherMethodIsAMethodMismatch() throws IOException {
    String proof = key.proof("POST", url, grant.token());
    assertProblem(
        Http.send(Http.request(url, grant.token(), proof, Http.tranId())),
        401,
        "DPOP_METHOD_MISMATCH");
  }

  @Test
  void aGrantForAnotherAgencyIsTheWrongAudience() throws IOException {
    Consent both =
        broker.approvedConsent(
            SampleCitizen.HONG_GILDONG, CONSUMER, NHIS_QUALIFICATION, NTS_INCOME);
    Grant forNts = broker.issueGrant(both.id(), NTS, key);
    String proof = key.proof("GET", url, forNts.token());
    assertProblem(
        Http.send(Http.request(url, forNts.token(), proof, Http.tranId())), 403, "WRONG_AUDIENCE");
  }

  @Test
  void anItemOutsideTheGrantsScopeIsInsufficientScope() throws IOException {
    URI other = nhis.itemUrl(ItemCode.of("nhis.checkup-results"));
    String proof = key.proof("GET", other, grant.token());
    assertProblem(
        Http.send(Http.request(other, grant.token(), proof, Http.tranId())),
        403,
        "INSUFFICIENT_SCOPE");
  }

  @Test
  void aRevokedConsentIsSeenAtOnce() throws IOException {
    assertThat(Http.fetch(url, grant, key).statusCode()).isEqualTo(200);
    broker.revoke(grant.consentId());
    assertProblem(Http.fetch(url, grant, key), 403, "REVOKED");
  }

  @Test
  void aPausedConsentIsSuspendedUntilResumed() throws IOException {
    broker.pause(grant.consentId());
    assertProblem(Http.fetch(url, grant, key), 403, "SUSPENDED");
    broker.resume(grant.consentId());
    assertThat(Http.fetch(url, grant, key).statusCode()).isEqualTo(200);
  }

  @Test
  void aMissingTransactionIdIsABadRequestWithNothingToEcho() throws IOException {
    HttpResponse<String> response = Http.send(Http.request(url, grant.token(), proof(), null));
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Http.json(response.body()).get("reason").asText()).isEqualTo("BAD_TRANSACTION_ID");
    assertThat(response.headers().firstValue("X-Api-Tran-Id")).isEmpty();
  }

  @Test
  void aMalformedTransactionIdIsABadRequest() throws IOException {
    for (String bad : new String[] {"KBBANK_2026", "x".repeat(65), "KB BANK"}) {
      HttpResponse<String> response = Http.send(Http.request(url, grant.token(), proof(), bad));
      assertThat(response.statusCode()).as(bad).isEqualTo(400);
      assertThat(response.headers().firstValue("X-Api-Tran-Id")).as(bad).isEmpty();
    }
  }

  @Test
  void aMalformedQueryIsABadRequest() throws IOException {
    for (String query :
        new String[] {
          "?from=2025-13-01",
          "?from=20250101",
          "?from=2025-02-01&to=2025-01-01",
          "?from=2025-01-01&from=2025-01-02"
        }) {
      URI bad = URI.create(url + query);
      assertProblem(
          Http.send(
              Http.request(
                  bad, grant.token(), key.proof("GET", bad, grant.token()), Http.tranId())),
          400,
          "BAD_QUERY");
    }
  }

  @Test
  void anotherMethodIsNotAllowed() throws IOException {
    HttpRequest.Builder request =
        Http.request(url, grant.token(), key.proof("POST", url, grant.token()), Http.tranId());
    HttpResponse<String> response = Http.send(request.POST(HttpRequest.BodyPublishers.noBody()));
    assertProblem(response, 405, "METHOD_NOT_ALLOWED");
    assertThat(response.headers().firstValue("Allow")).contains("GET");
  }

  @Test
  void aPathOutsideTheProfileIsNotFound() throws IOException {
    URI other = nhis.baseUrl().resolve("/mydata/v2/items/nhis.qualification");
    assertProblem(
        Http.send(Http.request(other, grant.token(), proof(), Http.tranId())), 404, "NOT_FOUND");
  }

  @Test
  void everyRejectionIsJournaledWithItsReasonAndNeverTheGrant() throws IOException {
    nhis.reset();
    Http.send(Http.request(url, grant.token(), null, "KBBANK2026112799999999"));
    ReceivedRequest received = nhis.requests().get(0);
    assertThat(received.outcome()).isEqualTo(ReceivedRequest.Outcome.REJECTED);
    assertThat(received.status()).isEqualTo(401);
    assertThat(received.reason()).contains("DPOP_MISSING");
    assertThat(received.transactionId()).contains("KBBANK2026112799999999");
    assertThat(received.dpopJti()).isEmpty();
    assertThat(received.toString()).doesNotContain(grant.token());
  }

  private static void assertProblem(HttpResponse<String> response, int status, String reason) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
    JsonNode problem = Http.json(response.body());
    assertThat(problem.get("type").asText()).startsWith("https://mydatakit.org/problems/");
    assertThat(problem.get("title").asText()).isNotBlank();
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("reason").asText()).isEqualTo(reason);
    response
        .request()
        .headers()
        .firstValue("X-Api-Tran-Id")
        .filter(id -> id.matches("[A-Za-z0-9-]{1,64}"))
        .ifPresent(id -> assertThat(response.headers().firstValue("X-Api-Tran-Id")).contains(id));
  }
}
