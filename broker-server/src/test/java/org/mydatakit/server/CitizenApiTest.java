package org.mydatakit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mydatakit.sampleidp.SampleCitizensIdentityProvider.CITIZENS;
import static org.mydatakit.sampleidp.SampleCitizensIdentityProvider.HONG;
import static org.mydatakit.sampleidp.SampleCitizensIdentityProvider.KIM;
import static org.mydatakit.sampleidp.SampleCitizensIdentityProvider.NO_CI_USER;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.mydatakit.consent.AuthenticationEvidence;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentStatus;
import org.mydatakit.consent.Delivery;

/**
 * The citizen signs in at a real OpenID provider (Spring Authorization Server with the sample
 * citizens) and decides on her own consents; nobody else can, and no header makes anyone her.
 */
class CitizenApiTest extends ServerTestBase {
  private static final String SHOWN_TEXT_SHA256 =
      AuthenticationEvidence.sha256Hex("KB국민은행이 대출 심사를 위해 건강보험 자격을 요청합니다.");

  /** A one-time consent KB-BANK requested for {@code user}, waiting for her decision. */
  Consent requested(String user) {
    return requested(user, Delivery.oneTime());
  }

  CitizenBrowser signedIn(String user) {
    CitizenBrowser browser = browser();
    HttpResponse<String> done = browser.signIn(user);
    assertThat(done.statusCode()).isEqualTo(200);
    assertThat(done.uri().getPath()).isEqualTo(CitizenController.HOME);
    assertThat(CitizenBrowser.json(done).path("signedIn").asBoolean()).isTrue();
    return browser;
  }

  static String approval() {
    return "{\"consentTextSha256\":\"" + SHOWN_TEXT_SHA256 + "\"}";
  }

  @Test
  void theCitizenApprovesHerRequestAndTheEvidenceRecordsTheTextSheWasShown() {
    Consent pending = requested(HONG);
    CitizenBrowser hong = signedIn(HONG);

    HttpResponse<String> approved =
        hong.post("/citizen/consents/" + pending.id() + "/approve", approval());

    assertThat(approved.statusCode()).isEqualTo(200);
    JsonNode view = CitizenBrowser.json(approved);
    assertThat(view.path("status").asText()).isEqualTo("ACTIVE");
    assertThat(view.has("subject")).as("no subject in the citizen's view").isFalse();
    Consent stored = broker.find(pending.id()).orElseThrow();
    assertThat(stored.status()).isEqualTo(ConsentStatus.ACTIVE);
    AuthenticationEvidence evidence = stored.evidence().orElseThrow();
    assertThat(evidence.consentTextSha256()).isEqualTo(SHOWN_TEXT_SHA256);
    assertThat(evidence.method()).isEqualTo(AuthenticationEvidence.Method.SIMPLE_AUTHENTICATION);
    assertThat(evidence.channel()).isEqualTo("broker-web");
    assertThat(evidence.authenticatedAt()).isBefore(Instant.now().plusSeconds(1));
  }

  @Test
  void sheListsPausesResumesAndRevokesHerConsentAndSeesItsHistoryAndProofs() {
    Consent pending = requested(HONG);
    CitizenBrowser hong = signedIn(HONG);
    String consent = "/citizen/consents/" + pending.id();
    assertThat(hong.post(consent + "/approve", approval()).statusCode()).isEqualTo(200);

    HttpResponse<String> list = hong.get("/citizen/consents");
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).contains(pending.id().toString()).doesNotContain("\"subject\"");
    assertThat(hong.get(consent).statusCode()).isEqualTo(200);

    assertThat(state(hong.post(consent + "/pause", null))).isEqualTo("PAUSED");
    assertThat(state(hong.post(consent + "/resume", null))).isEqualTo("ACTIVE");
    assertThat(state(hong.post(consent + "/revoke", "{\"reason\":\"더 이상 필요 없음\"}")))
        .isEqualTo("REVOKED");
    assertProblem(hong.post(consent + "/pause", null), 409, "illegal_transition");

    assertThat(hong.get("/citizen/history").statusCode()).isEqualTo(200);
    HttpResponse<String> proofs = hong.get("/citizen/log-proofs");
    assertThat(proofs.statusCode()).isEqualTo(200);
    JsonNode mine = null;
    for (JsonNode one : CitizenBrowser.json(proofs)) {
      if (one.path("consentId").asText().equals(pending.id().toString())) {
        mine = one;
      }
    }
    assertThat(mine).as("the revoked consent's proofs").isNotNull();
    // requested, approved, paused, resumed, revoked: one proof file per entry
    assertThat(mine.path("proofs")).hasSize(5);
    assertThat(mine.path("proofs").get(0).asText()).startsWith("c2sp.org/tlog-proof@v1");
    // each verifies offline as `mydatakit audit verify-proof FILE --log-key VKEY` does
    for (JsonNode file : mine.path("proofs")) {
      org.mydatakit.log.TlogProof proof = org.mydatakit.log.TlogProof.parse(file.asText());
      byte[] leaf = org.mydatakit.log.LogLeaf.leafHashOfExtra(proof.extra().orElseThrow());
      assertThat(
              proof
                  .verify(leaf, ORIGIN, java.util.List.of(broker.logKey()), java.util.List.of())
                  .size())
          .isGreaterThan(proof.index());
    }
  }

  @Test
  void sheRejectsARequest() {
    Consent pending = requested(HONG);
    CitizenBrowser hong = signedIn(HONG);
    assertThat(state(hong.post("/citizen/consents/" + pending.id() + "/reject", null)))
        .isEqualTo("REJECTED");
  }

  @Test
  void anotherCitizenGets404OnEveryOneOfHerConsentsOperations() {
    Consent hongs = requested(HONG);
    CitizenBrowser kim = signedIn(KIM);
    String consent = "/citizen/consents/" + hongs.id();

    assertProblem(kim.get(consent), 404, null);
    for (String action : new String[] {"/approve", "/reject", "/pause", "/resume", "/revoke"}) {
      String body = action.equals("/approve") ? approval() : null;
      assertProblem(kim.post(consent + action, body), 404, null);
    }
    assertThat(kim.get("/citizen/consents").body()).doesNotContain(hongs.id().toString());
    assertThat(broker.find(hongs.id()).orElseThrow().status()).isEqualTo(ConsentStatus.REQUESTED);
  }

  @Test
  void withoutASessionNothingAnswersAndNoHeaderNamesTheCitizen() {
    Consent pending = requested(HONG);
    HttpRequest forged =
        HttpRequest.newBuilder(uri("/citizen/consents/" + pending.id() + "/approve"))
            .header("X-Citizen-Ci", CITIZENS.get(HONG))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(approval()))
            .build();
    assertProblem(send(forged), 401, "sign_in_required");
    HttpRequest list =
        HttpRequest.newBuilder(uri("/citizen/consents"))
            .header("X-Citizen-Ci", CITIZENS.get(HONG))
            .header("Accept", "application/json")
            .build();
    assertProblem(send(list), 401, "sign_in_required");
    assertThat(broker.find(pending.id()).orElseThrow().status()).isEqualTo(ConsentStatus.REQUESTED);
  }

  @Test
  void aBrowserWithoutASessionIsSentToSignInWithPkce() throws Exception {
    HttpClient noRedirects = HttpClient.newHttpClient();
    HttpResponse<String> page =
        noRedirects.send(
            HttpRequest.newBuilder(uri("/citizen/consents")).header("Accept", "text/html").build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(302);
    assertThat(page.headers().firstValue("Location").orElseThrow())
        .endsWith("/oauth2/authorization/citizen");

    HttpResponse<String> start =
        noRedirects.send(
            HttpRequest.newBuilder(uri("/oauth2/authorization/citizen")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(start.statusCode()).isEqualTo(302);
    String cookie = start.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie)
        .startsWith(SecurityConfiguration.SESSION_COOKIE + "=")
        .contains("HttpOnly")
        .contains("SameSite=Lax")
        .as("Secure only when the issuer is https; these tests run on loopback http")
        .doesNotContain("Secure");
    assertThat(start.headers().firstValue("Location").orElseThrow())
        .as("the session is never carried in a URL")
        .doesNotContainIgnoringCase("jsessionid");
    String authorize = start.headers().firstValue("Location").orElseThrow();
    assertThat(authorize)
        .startsWith("http://localhost:")
        .contains("response_type=code")
        .contains("code_challenge=")
        .contains("code_challenge_method=S256")
        .contains("scope=openid")
        .contains("nonce=");
  }

  @Test
  void aPostWithoutTheCsrfTokenIsRefused() {
    Consent pending = requested(HONG);
    CitizenBrowser hong = signedIn(HONG);
    assertProblem(
        hong.postWithoutCsrf("/citizen/consents/" + pending.id() + "/approve", approval()),
        403,
        "csrf_token_missing_or_invalid");
    assertThat(broker.find(pending.id()).orElseThrow().status()).isEqualTo(ConsentStatus.REQUESTED);
  }

  @Test
  void aSignInWhoseIdTokenCarriesNoCiFailsAndLeavesNoSession() {
    CitizenBrowser noCi = browser();
    HttpResponse<String> done = noCi.signIn(NO_CI_USER);
    assertProblem(done, 401, "sign_in_failed");
    assertProblem(noCi.get("/citizen/consents"), 401, "sign_in_required");
  }

  @Test
  void signingOutEndsTheSession() {
    CitizenBrowser hong = signedIn(HONG);
    assertThat(hong.post("/citizen/sign-out", null).statusCode()).isEqualTo(204);
    assertProblem(hong.get("/citizen/consents"), 401, "sign_in_required");
  }

  @Test
  void aMalformedApprovalIsA400AndChangesNothing() {
    Consent pending = requested(HONG);
    CitizenBrowser hong = signedIn(HONG);
    String approve = "/citizen/consents/" + pending.id() + "/approve";
    assertProblem(hong.post(approve, "{\"consentTextSha256\":\"not-a-hash\"}"), 400, null);
    assertProblem(hong.post(approve, "{}"), 400, null);
    assertProblem(hong.post(approve, approval().replace("}", ",\"ci\":\"x\"}")), 400, null);
    assertThat(broker.find(pending.id()).orElseThrow().status()).isEqualTo(ConsentStatus.REQUESTED);
  }

  private static String state(HttpResponse<String> response) {
    assertThat(response.statusCode()).isEqualTo(200);
    return CitizenBrowser.json(response).path("status").asText();
  }
}
