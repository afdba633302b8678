package org.mydatakit.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.mydatakit.broker.Agency;
import org.mydatakit.broker.BrokerKeyFiles;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.broker.ConsentRequest;
import org.mydatakit.broker.FetchOutcome;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.AuthenticationEvidence;
import org.mydatakit.consent.CitizenIdentifier;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.consent.LegalBasis;
import org.mydatakit.consent.Purpose;
import org.mydatakit.grant.ClientAssertionVerifier;
import org.mydatakit.grant.DeliveryReceipt;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.grant.Grant;
import org.mydatakit.grant.GrantRequest;
import org.mydatakit.grant.GrantVerifier;
import org.mydatakit.grant.VerifiedGrant;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.store.jdbc.Databases;
import org.mydatakit.store.jdbc.JdbcAgencyRegistry;
import org.mydatakit.store.jdbc.JdbcConsentStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With {@code delivery-receipts.trust=registry} (a context of its own, its store prepared before
 * the server starts: a provider registered with its receipt keys) a delivery is recorded only as
 * the provider confirmed it with its signed receipt.
 */
@SpringBootTest(
    classes = BrokerServerApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeliveryReceiptsTest {
  static final String ISSUER = "http://127.0.0.1";
  static final AgencyId NHIS = AgencyId.of("NHIS");
  static final AgencyId BANK = AgencyId.of("KB-BANK");
  static final ItemCode ITEM = ItemCode.of("nhis.qualification");
  static final SigningKeySet NHIS_KEYS = SigningKeySet.generate(SigningAlgorithm.ES256);
  static final SigningKeySet BANK_KEYS = SigningKeySet.generate(SigningAlgorithm.ES256);
  static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired ConsentBroker broker;
  @Autowired BrokerKeyFiles keys;
  @Autowired JdbcConsentStore store;

  final DpopKey dpop = DpopKey.generate();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) throws IOException {
    Path home = Files.createTempDirectory("mydatakit-broker-receipts");
    String url = "jdbc:h2:file:" + home.resolve("store").toAbsolutePath();
    // opened as the server opens it (its user, its settings), then closed before it starts
    var database = (org.h2.jdbcx.JdbcConnectionPool) Databases.fromUrl(url);
    JdbcConsentStore.builder(database).build().migrate();
    JdbcAgencyRegistry agencies = JdbcAgencyRegistry.of(database);
    agencies.register(
        Agency.builder(NHIS)
            .name("National Health Insurance Service")
            .role(Agency.Role.PROVIDER)
            .jwks(NHIS_KEYS.verificationKeys())
            .allowedItem(ITEM)
            .build());
    agencies.register(
        Agency.builder(BANK)
            .name("KB Kookmin Bank")
            .role(Agency.Role.CONSUMER)
            .jwks(BANK_KEYS.verificationKeys())
            .build());
    database.dispose();
    registry.add("mydatakit.broker.issuer", () -> ISSUER);
    registry.add("mydatakit.broker.home", home::toString);
    registry.add("mydatakit.broker.store-url", () -> url);
    registry.add("mydatakit.broker.delivery-receipts.trust", () -> "registry");
  }

  @Test
  void aDeliveryIsRecordedOnlyWithTheProvidersValidReceipt() throws Exception {
    assertThat(broker.requiresDeliveryReceipts()).isTrue();
    Consent consent = activeConsent();
    Grant grant = broker.issueGrant(consent.id(), NHIS, dpop.thumbprint());
    VerifiedGrant verified = verified(grant);
    byte[] body = "{\"qualificationType\":\"직장가입자\"}".getBytes(StandardCharsets.UTF_8);

    String forged =
        DeliveryReceipt.signer(NHIS, SigningKeySet.generate(SigningAlgorithm.ES256))
            .sign(verified, ITEM, "TXN-R-0001", Optional.empty(), 1, body);
    assertReason(fetch(grant, "DELIVERED", forged), 400, "invalid_receipt");
    assertReason(fetch(grant, "DELIVERED", null), 400, "receipt_required");
    assertThat(store.fetches(consent.id())).isEmpty();

    String receipt =
        DeliveryReceipt.signer(NHIS, NHIS_KEYS)
            .sign(verified, ITEM, "TXN-R-0001", Optional.empty(), 1, body);
    assertThat(fetch(grant, "DELIVERED", receipt).statusCode()).isEqualTo(204);
    assertThat(store.fetches(consent.id()))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.outcome()).isEqualTo(FetchOutcome.DELIVERED);
              assertThat(f.transactionId()).isEqualTo("TXN-R-0001");
            });
  }

  private HttpResponse<String> fetch(Grant grant, String outcome, String receipt) throws Exception {
    ObjectNode b = JSON.createObjectNode();
    b.put("client_assertion_type", ClientAssertionVerifier.ASSERTION_TYPE);
    b.put("client_assertion", ClientAssertions.sign(ISSUER, BANK, BANK_KEYS, c -> {}));
    b.put("grantId", grant.grantId());
    b.put("provider", NHIS.value());
    b.putArray("items").add(ITEM.value());
    b.put("transactionId", "TXN-R-0001");
    b.put("outcome", outcome);
    if (receipt != null) {
      b.put("receipt", receipt);
    }
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/fetches"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(b.toString()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    ApiContract.check(answer.request(), answer);
    return answer;
  }

  private static void assertReason(HttpResponse<String> answer, int status, String reason)
      throws IOException {
    assertThat(answer.statusCode()).isEqualTo(status);
    assertThat(JSON.readTree(answer.body()).path("reason").asText()).isEqualTo(reason);
  }

  private VerifiedGrant verified(Grant grant) throws Exception {
    URI url = URI.create("https://nhis.example/mydata/v1/items/" + ITEM.value());
    return GrantVerifier.builder()
        .trustedIssuer(ISSUER, keys.signingKeys().verificationKeys())
        .audience(NHIS)
        .withoutRevocationCheck()
        .build()
        .verify(
            GrantRequest.builder()
                .grant(grant.token())
                .dpopProof(dpop.proof("GET", url, grant.token()))
                .method("GET")
                .url(url)
                .item(ITEM)
                .build());
  }

  private Consent activeConsent() {
    Instant now = Instant.now();
    ConsentRequest request =
        ConsentRequest.builder()
            .consumer(BANK)
            .item(DataItem.of(NHIS, ITEM))
            .purpose(new Purpose("loan-screening", "대출 심사", LegalBasis.PIPA_35_2))
            .delivery(Delivery.oneTime())
            .validity(now, now.plus(Duration.ofDays(30)))
            .retention(Period.ofYears(1))
            .build();
    try (CitizenIdentifier citizen = CitizenIdentifier.of("FAKE-CI-HONG-GILDONG-0001")) {
      Consent requested = broker.request(request, citizen, UUID.randomUUID().toString());
      return broker.approve(
          requested.id(),
          citizen,
          new AuthenticationEvidence(
              AuthenticationEvidence.Method.SIMPLE_AUTHENTICATION,
              now,
              "mobile-app",
              AuthenticationEvidence.sha256Hex("consent text")));
    }
  }
}
