package org.mydatakit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mydatakit.testkit.Fixtures.CONSUMER;
import static org.mydatakit.testkit.Fixtures.NHIS;
import static org.mydatakit.testkit.Fixtures.NHIS_QUALIFICATION;
import static org.mydatakit.testkit.Fixtures.NTS;
import static org.mydatakit.testkit.Fixtures.NTS_INCOME;
import static org.mydatakit.testkit.ProblemAssert.assertProblem;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.grant.Grant;

/** Every way a grant or proof is refused: 401 for the grant or proof, 403 for what it allows. */
class GrantRejectionTest extends NhisAgencyTest {
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
}
