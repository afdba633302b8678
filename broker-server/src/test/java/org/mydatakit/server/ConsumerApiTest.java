package org.mydatakit.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mydatakit.broker.Agency;
import org.mydatakit.broker.AgencyRegistry;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.AuthenticationEvidence;
import org.mydatakit.consent.CitizenIdentifier;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.ConsentStatus;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.consent.PairwiseSubjects;
import org.mydatakit.grant.ClientAssertionVerifier;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.grant.GrantRequest;
import org.mydatakit.grant.GrantVerifier;
import org.mydatakit.grant.VerifiedGrant;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.keys.VerificationKeySet;
import org.mydatakit.sampleidp.SampleCitizensIdentityProvider;
import org.mydatakit.store.jdbc.JdbcConsentStore;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The consumer's API over HTTP, authenticated with client assertions against the keys registered in
 * the agency registry and DPoP: request a consent, read one's own consents without any subject, and
 * take a grant bound to the proof's key that a provider verifies; every failure of authentication
 * is a 401 or 403 problem that writes nothing.
 */
class ConsumerApiTest extends ServerTestBase {
  private static final String CI = "FAKE-CI-HONG-GILDONG-0001";
  private static final ItemCode NHIS_ITEM = ItemCode.of("nhis.qualification");
  private static final ItemCode NTS_ITEM = ItemCode.of("nts.income-certificate");

  @Autowired AgencyRegistry agencies;
  @Autowired JdbcConsentStore store;

  private final SigningKeySet bankKeys = SigningKeySet.generate(SigningAlgorithm.ES256);
  private final SigningKeySet otherBankKeys = SigningKeySet.generate(SigningAlgorithm.ES256);
  private final SigningKeySet providerKeys = SigningKeySet.generate(SigningAlgorithm.ES256);
  private final DpopKey dpopKey = DpopKey.generate();
  private AgencyId bank;
  private AgencyId otherBank;
  private AgencyId nhis;
  private AgencyId nts;

  /** One consumer, another consumer and two providers, under ids of this test only. */
  @BeforeEach
  void registerAgencies() {
    String run = UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
    bank = AgencyId.of("BANK-" + run);
    otherBank = AgencyId.of("OTHER-BANK-" + run);
    nhis = AgencyId.of("NHIS-" + run);
    nts = AgencyId.of("NTS-" + run);
    agencies.register(consumer(bank, bankKeys));
    agencies.register(consumer(otherBank, otherBankKeys));
    agencies.register(
        Agency.builder(nhis)
            .name("National Health Insurance Service")
            .role(Agency.Role.PROVIDER)
            .jwksUri(URI.create("https://nhis.example/jwks.json"))
            .allowedItem(NHIS_ITEM)
            .build());
    agencies.register(
        Agency.builder(nts)
            .name("National Tax Service")
            .role(Agency.Role.PROVIDER)
            .jwks(providerKeys.verificationKeys())
            .allowedItem(NTS_ITEM)
            .build());
  }

  private static Agency consumer(AgencyId id, SigningKeySet keys) {
    return Agency.builder(id)
        .name("Bank " + id.value())
        .role(Agency.Role.CONSUMER)
        .jwks(keys.verificationKeys())
        .purpose("loan-screening")
        .build();
  }

  @Test
  void aConsumerRequestsReadsAndTakesAGrantThatTheProviderVerifies() throws Exception {
    HttpResponse<String> created = create(assertion(bank, bankKeys));
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode view = JSON.readTree(created.body());
    assertThat(view.path("consumer").asText()).isEqualTo(bank.value());
    assertThat(view.path("status").asText()).isEqualTo("REQUESTED");
    assertNoSubject(created.body());
    ConsentId id = ConsentId.parse(view.path("id").asText());

    approve(id); // by the citizen, signed in

    HttpResponse<String> read = getAs("/consents/" + id, assertion(bank, bankKeys));
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(read.body()).path("status").asText()).isEqualTo("ACTIVE");
    assertNoSubject(read.body());
    HttpResponse<String> list = getAs("/consents", assertion(bank, bankKeys));
    assertThat(list.statusCode()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    JSON.readTree(list.body()).forEach(c -> ids.add(c.path("id").asText()));
    assertThat(ids).containsExactly(id.toString());
    assertNoSubject(list.body());

    HttpResponse<String> granted =
        grant(assertion(bank, bankKeys), dpopKey.proof("POST", grantsUrl()), id, nhis);
    assertThat(granted.statusCode()).isEqualTo(200);
    JsonNode answer = JSON.readTree(granted.body());
    String token = answer.path("grant").asText();
    assertThat(answer.path("grantId").asText()).isNotBlank();
    assertThat(Instant.parse(answer.path("expiresAt").asText())).isAfter(Instant.now());
    assertThat(store.grants(id)).hasSize(1);

    VerificationKeySet jwks = VerificationKeySet.parse(get("/.well-known/jwks.json").body());
    GrantVerifier provider =
        GrantVerifier.builder()
            .trustedIssuer(ISSUER, jwks)
            .audience(nhis)
            .withoutRevocationCheck()
            .build();
    URI url = URI.create("https://nhis.example/mydata/v1/items/nhis.qualification");
    VerifiedGrant verified =
        provider.verify(
            GrantRequest.builder()
                .grant(token)
                .dpopProof(dpopKey.proof("GET", url, token))
                .method("GET")
                .url(url)
                .item(NHIS_ITEM)
                .build());
    assertThat(verified.consentId()).isEqualTo(id);
    assertThat(verified.consumer()).isEqualTo(bank);
    // the provider's view: its own pairwise subject, inside the grant, and nothing broader
    PairwiseSubjects subjects = PairwiseSubjects.of(keys.pairwiseSecret());
    try (CitizenIdentifier citizen = CitizenIdentifier.of(CI)) {
      assertThat(verified.subject()).isEqualTo(subjects.at(citizen, nhis));
      assertThat(verified.subject()).isNotEqualTo(subjects.brokerSubject(citizen));
      assertThat(verified.subject()).isNotEqualTo(subjects.at(citizen, nts));
    }
  }

  @Test
  void aBadAssertionOrDpopProofIsA401AndIssuesNothing() {
    ConsentId id = activeConsentOverHttp();
    String proof = dpopKey.proof("POST", grantsUrl());
    // signed by keys the registry does not hold for the bank
    assertProblem(grant(assertion(bank, otherBankKeys), proof(), id, nhis), 401, "invalid_client");
    assertProblem(
        grant(
            assertion(bank, bankKeys, c -> c.put("aud", ISSUER + "/consents")), proof(), id, nhis),
        401,
        "invalid_client");
    assertProblem(
        grant(
            assertion(bank, bankKeys, c -> c.put("aud", uri("/grants").toString())),
            proof,
            id,
            nhis),
        401,
        "invalid_client");
    AgencyId stranger = AgencyId.of("STRANGER-" + bank.value());
    assertProblem(grant(assertion(stranger, bankKeys), proof(), id, nhis), 401, "invalid_client");
    // an agency whose JWKS URI cannot be reached: the broker cannot tell, which is not a rejection
    assertProblem(
        grant(assertion(nhis, bankKeys), proof(), id, nhis), 503, "agency_keys_unavailable");
    assertProblem(grant(assertion(nts, providerKeys), proof(), id, nhis), 403, "not_a_consumer");

    String once = assertion(bank, bankKeys);
    assertThat(grant(once, proof(), id, nhis).statusCode()).isEqualTo(200);
    assertProblem(grant(once, proof(), id, nts), 401, "invalid_client"); // replayed

    assertProblem(grant(assertion(bank, bankKeys), null, id, nts), 401, "invalid_dpop_proof");
    assertProblem(
        grant(
            assertion(bank, bankKeys),
            dpopKey.proof("POST", URI.create(ISSUER + "/consents")),
            id,
            nts),
        401,
        "invalid_dpop_proof");
    assertProblem(
        grant(assertion(bank, bankKeys), dpopKey.proof("GET", grantsUrl()), id, nts),
        401,
        "invalid_dpop_proof");
    assertProblem(
        send(
            HttpRequest.newBuilder(uri("/grants"))
                .header("Content-Type", "application/json")
                .header("DPoP", proof())
                .header("DPoP", proof())
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        grantBody(assertion(bank, bankKeys), id, nts)))
                .build()),
        401,
        "invalid_dpop_proof");
    assertProblem(getAs("/consents/" + id, null), 401, "invalid_client");
    assertProblem(getAs("/consents", assertion(bank, otherBankKeys)), 401, "invalid_client");
    assertThat(store.grants(id)).hasSize(1); // only the one accepted above
  }

  @Test
  void aConsumerPastItsRateLimitGets429WithRetryAfterAndTheOthersDoNot() {
    // the tests' bucket: 30 requests, refilled 2 a second
    HttpResponse<String> limited = null;
    int answered = 0;
    for (int i = 0; i < 100 && limited == null; i++) {
      HttpResponse<String> response = getAs("/consents", assertion(bank, bankKeys));
      if (response.statusCode() == 429) {
        limited = response;
      } else {
        assertThat(response.statusCode()).isEqualTo(200);
        answered++;
      }
    }
    assertThat(limited).as("a 429 within 100 requests").isNotNull();
    assertThat(answered).isGreaterThanOrEqualTo(30);
    assertProblem(limited, 429, "rate_limited");
    assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow()))
        .isBetween(1L, 2L);
    assertThat(getAs("/consents", assertion(otherBank, otherBankKeys)).statusCode())
        .as("another consumer's bucket is its own")
        .isEqualTo(200);
  }

  @Test
  void theConsumerReportsAFetchWithItsGrantAndItShowsInTheCitizensHistory() throws Exception {
    ConsentId id = activeConsentOverHttp();
    HttpResponse<String> granted =
        grant(assertion(bank, bankKeys), dpopKey.proof("POST", grantsUrl()), id, nhis);
    String grantId = read(granted).path("grantId").asText();

    ObjectNode fetch = JSON.createObjectNode();
    fetch.put("client_assertion_type", ClientAssertionVerifier.ASSERTION_TYPE);
    fetch.put("client_assertion", assertion(bank, bankKeys));
    fetch.put("grantId", grantId);
    fetch.put("provider", nhis.value());
    fetch.putArray("items").add(NHIS_ITEM.value());
    fetch.put("transactionId", "txn-0001");
    fetch.put("outcome", "DELIVERED");
    assertThat(post("/fetches", "application/json", fetch.toString()).statusCode()).isEqualTo(204);
    assertThat(store.fetches(id)).hasSize(1);
    assertThat(store.fetches(id).get(0).transactionId()).isEqualTo("txn-0001");

    // another consumer cannot report on this grant, nor can anyone on a grant that does not exist
    fetch.put("client_assertion", assertion(otherBank, otherBankKeys));
    assertProblem(post("/fetches", "application/json", fetch.toString()), 404, "unknown_grant");
    fetch.put("client_assertion", assertion(bank, bankKeys));
    fetch.put("grantId", "no-such-grant");
    assertProblem(post("/fetches", "application/json", fetch.toString()), 404, "unknown_grant");
    // an item outside the grant's scope
    fetch.put("client_assertion", assertion(bank, bankKeys));
    fetch.put("grantId", grantId);
    fetch.putArray("items").add(NTS_ITEM.value());
    assertProblem(post("/fetches", "application/json", fetch.toString()), 400, "invalid_request");
    assertThat(store.fetches(id)).hasSize(1);
  }

  @Test
  void aConsumerRegisteredWithAJwksUriIsAuthenticatedWithTheKeysPublishedThere() throws Exception {
    AgencyId published = AgencyId.of("JWKS-URI-" + bank.value());
    SigningKeySet keys = SigningKeySet.generate(SigningAlgorithm.ES256);
    com.sun.net.httpserver.HttpServer jwks =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    java.util.concurrent.atomic.AtomicInteger served =
        new java.util.concurrent.atomic.AtomicInteger();
    jwks.createContext(
        "/jwks.json",
        ex -> {
          served.incrementAndGet();
          byte[] body =
              keys.verificationKeys().toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8);
          ex.getResponseHeaders().set("Content-Type", "application/json");
          ex.getResponseHeaders().set("Cache-Control", "max-age=300");
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    jwks.start();
    try {
      agencies.register(
          Agency.builder(published)
              .name("Bank publishing its keys")
              .role(Agency.Role.CONSUMER)
              .jwksUri(URI.create("http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json"))
              .build());
      assertThat(getAs("/consents", assertion(published, keys)).statusCode()).isEqualTo(200);
      assertThat(getAs("/consents", assertion(published, keys)).statusCode()).isEqualTo(200);
      assertThat(served.get()).as("loaded once, then cached for its max-age").isEqualTo(1);
      assertProblem(getAs("/consents", assertion(published, otherBankKeys)), 401, "invalid_client");
    } finally {
      jwks.stop(0);
    }
  }

  @Test
  void aConsumerRevokesItsOwnConsentAndGetsNoGrantAfterAnotherConsumerCannot() throws Exception {
    ConsentId id = activeConsentOverHttp();
    assertProblem(
        post(
            "/consents/" + id + "/revoke",
            "application/json",
            revokeBody(otherBank, otherBankKeys)),
        404,
        null);
    HttpResponse<String> revoked =
        post("/consents/" + id + "/revoke", "application/json", revokeBody(bank, bankKeys));
    assertThat(revoked.statusCode()).isEqualTo(200);
    assertThat(read(revoked).path("status").asText()).isEqualTo("REVOKED");
    assertThat(read(revoked).path("revokedBy").asText()).isEqualTo("CONSUMER");
    assertNoSubject(revoked.body());
    assertProblem(grant(assertion(bank, bankKeys), proof(), id, nhis), 409, "illegal_transition");
    assertProblem(
        post("/consents/" + id + "/revoke", "application/json", revokeBody(bank, bankKeys)),
        409,
        "illegal_transition");
  }

  private static String revokeBody(AgencyId consumer, SigningKeySet keys) {
    ObjectNode b = JSON.createObjectNode();
    b.put("client_assertion_type", ClientAssertionVerifier.ASSERTION_TYPE);
    b.put("client_assertion", assertion(consumer, keys, c -> {}));
    b.put("reason", "loan screening finished");
    return b.toString();
  }

  @Test
  void aSuspendedConsumerIsRefusedWith403AndGetsNoGrant() {
    ConsentId id = activeConsentOverHttp();
    agencies.setStatus(bank, Agency.Status.SUSPENDED);
    int before = store.grants(id).size();
    assertProblem(grant(assertion(bank, bankKeys), proof(), id, nhis), 403, "agency_suspended");
    assertProblem(create(assertion(bank, bankKeys)), 403, "agency_suspended");
    assertProblem(getAs("/consents/" + id, assertion(bank, bankKeys)), 403, "agency_suspended");
    assertThat(store.grants(id)).hasSize(before);
    assertThat(broker.consentsOf(bank)).hasSize(1);

    agencies.setStatus(bank, Agency.Status.ACTIVE);
    assertThat(grant(assertion(bank, bankKeys), proof(), id, nhis).statusCode()).isEqualTo(200);
  }

  @Test
  void aConsumerSeesOnlyItsOwnConsents() throws Exception {
    ConsentId id = activeConsentOverHttp();
    assertProblem(getAs("/consents/" + id, assertion(otherBank, otherBankKeys)), 404, null);
    assertProblem(grant(assertion(otherBank, otherBankKeys), proof(), id, nhis), 404, null);
    assertThat(store.grants(id)).isEmpty();
    HttpResponse<String> list = getAs("/consents", assertion(otherBank, otherBankKeys));
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(list.body())).isEmpty();
    assertProblem(getAs("/consents/not-a-consent-id", assertion(bank, bankKeys)), 404, null);
    assertProblem(
        getAs("/consents/" + ConsentId.generate(Instant.now()), assertion(bank, bankKeys)),
        404,
        null);
  }

  @Test
  void aMalformedRequestIsA400AndWritesNothing() {
    ObjectNode body = consentRequest(assertion(bank, bankKeys));
    body.remove("purpose");
    assertProblem(post("/consents", "application/json", body.toString()), 400, "invalid_request");
    ObjectNode unknown = consentRequest(assertion(bank, bankKeys));
    unknown.put("subject", "x");
    assertProblem(
        post("/consents", "application/json", unknown.toString()), 400, "invalid_request");
    assertProblem(post("/consents", "application/json", "{"), 400, "invalid_request");
    assertProblem(post("/consents", "text/plain", "{}"), 415, null);
    assertThat(broker.consentsOf(bank)).isEmpty();
  }

  // --- the consumer's side

  private ConsentId activeConsentOverHttp() {
    HttpResponse<String> created = create(assertion(bank, bankKeys));
    assertThat(created.statusCode()).isEqualTo(201);
    ConsentId id = ConsentId.parse(read(created).path("id").asText());
    approve(id);
    return id;
  }

  /** The citizen signs in at the OpenID provider and approves the request on her own API. */
  private void approve(ConsentId id) {
    CitizenBrowser hong = browser();
    assertThat(hong.signIn(SampleCitizensIdentityProvider.HONG).statusCode()).isEqualTo(200);
    String body =
        "{\"consentTextSha256\":\"" + AuthenticationEvidence.sha256Hex("consent text") + "\"}";
    HttpResponse<String> approved = hong.post("/citizen/consents/" + id + "/approve", body);
    assertThat(approved.statusCode()).isEqualTo(200);
    assertThat(broker.find(id).orElseThrow().status()).isEqualTo(ConsentStatus.ACTIVE);
  }

  private HttpResponse<String> create(String assertion) {
    return post("/consents", "application/json", consentRequest(assertion).toString());
  }

  private HttpResponse<String> grant(String assertion, String proof, ConsentId id, AgencyId to) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri("/grants"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(grantBody(assertion, id, to)));
    if (proof != null) {
      request.header("DPoP", proof);
    }
    return send(request.build());
  }

  private static String grantBody(String assertion, ConsentId id, AgencyId to) {
    ObjectNode b = JSON.createObjectNode();
    b.put("client_assertion_type", ClientAssertionVerifier.ASSERTION_TYPE);
    b.put("client_assertion", assertion);
    b.put("consentId", id.toString());
    b.put("provider", to.value());
    return b.toString();
  }

  private HttpResponse<String> getAs(String path, String assertion) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
    if (assertion != null) {
      request.header("Client-Assertion", assertion);
    }
    return send(request.build());
  }

  /** A fresh proof for {@code POST /grants} at the broker's public URL. */
  private String proof() {
    return dpopKey.proof("POST", grantsUrl());
  }

  private static URI grantsUrl() {
    return URI.create(ISSUER + "/grants");
  }

  /** The body of {@code POST /consents}: a one-time consent of {@link #CI} at both providers. */
  private ObjectNode consentRequest(String assertion) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    ObjectNode b = JSON.createObjectNode();
    b.put("client_assertion_type", ClientAssertionVerifier.ASSERTION_TYPE);
    b.put("client_assertion", assertion);
    b.put("citizen", CI);
    b.put("idempotencyKey", UUID.randomUUID().toString());
    var items = b.putArray("items");
    items.addObject().put("provider", nhis.value()).put("code", NHIS_ITEM.value());
    items.addObject().put("provider", nts.value()).put("code", NTS_ITEM.value());
    ObjectNode purpose = b.putObject("purpose");
    purpose.put("code", "loan-screening");
    purpose.put("text", "대출 심사");
    purpose.putObject("legalBasis").put("code", "pipa-35-2").put("text", "개인정보 보호법 제35조의2");
    b.putObject("delivery").put("kind", "ONE_TIME");
    b.put("validFrom", now.minusSeconds(60).toString());
    b.put("validUntil", now.plus(30, ChronoUnit.DAYS).toString());
    b.put("retention", "P1Y");
    return b;
  }

  private String assertion(AgencyId consumer, SigningKeySet keys) {
    return assertion(consumer, keys, c -> {});
  }

  private static String assertion(
      AgencyId consumer, SigningKeySet keys, Consumer<ObjectNode> edit) {
    return ClientAssertions.sign(ISSUER, consumer, keys, edit);
  }

  // --- checks

  private static JsonNode read(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** No member named like a subject at any depth, and no identifier of the citizen. */
  private static void assertNoSubject(String body) {
    assertThat(body).doesNotContain(CI).doesNotContain("FAKE-CI");
    List<String> names = new ArrayList<>();
    collectNames(read(body), names);
    assertThat(names).isNotEmpty().noneMatch(n -> n.toLowerCase(Locale.ROOT).contains("subject"));
    assertThat(names).doesNotContain("pairwise", "sub");
  }

  private static JsonNode read(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void collectNames(JsonNode node, List<String> names) {
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              f -> {
                names.add(f.getKey());
                collectNames(f.getValue(), names);
              });
    } else if (node.isArray()) {
      node.forEach(n -> collectNames(n, names));
    }
  }
}
