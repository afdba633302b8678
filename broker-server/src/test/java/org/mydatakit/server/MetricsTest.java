package org.mydatakit.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.mydatakit.broker.Agency;
import org.mydatakit.broker.AgencyRegistry;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.AuthenticationEvidence;
import org.mydatakit.consent.CitizenIdentifier;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.grant.ClientAssertionVerifier;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code /actuator/prometheus}: the broker's counters move by what a consumer and a provider did
 * over HTTP, Spring's request timings carry route templates, and the scrape holds no id, token or
 * citizen identifier. Tests share the context, so every count is read before and after.
 */
class MetricsTest extends ServerTestBase {
  private static final String CI = "FAKE-CI-HONG-GILDONG-0001";
  private static final ItemCode NHIS_ITEM = ItemCode.of("nhis.qualification");

  @Autowired AgencyRegistry agencies;

  private final SigningKeySet bankKeys = SigningKeySet.generate(SigningAlgorithm.ES256);
  private final DpopKey dpopKey = DpopKey.generate();

  @Test
  void theCountersMoveAndTheScrapeCarriesNoIdNorToken() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
    AgencyId bank = AgencyId.of("METRICS-BANK-" + run);
    AgencyId nhis = AgencyId.of("METRICS-NHIS-" + run);
    agencies.register(
        Agency.builder(bank)
            .name("Bank " + bank.value())
            .role(Agency.Role.CONSUMER)
            .jwks(bankKeys.verificationKeys())
            .purpose("loan-screening")
            .build());
    agencies.register(
        Agency.builder(nhis)
            .name("National Health Insurance Service")
            .role(Agency.Role.PROVIDER)
            .jwksUri(URI.create("https://nhis.example/jwks.json"))
            .allowedItem(NHIS_ITEM)
            .build());

    String before = scrape();

    HttpResponse<String> created =
        post("/consents", "application/json", consentRequest(bank, nhis).toString());
    assertThat(created.statusCode()).isEqualTo(201);
    ConsentId id = ConsentId.parse(JSON.readTree(created.body()).path("id").asText());
    approve(id); // a status change: the next GET of /status/1 builds the list again

    for (int i = 0; i < 3; i++) {
      assertThat(get("/status/1").statusCode()).isEqualTo(200);
    }
    assertThat(getAs("/consents/" + id, assertion(bank)).statusCode()).isEqualTo(200);
    HttpResponse<String> granted = grant(assertion(bank), id, nhis);
    assertThat(granted.statusCode()).isEqualTo(200);
    JsonNode answer = JSON.readTree(granted.body());
    agencies.setStatus(bank, Agency.Status.SUSPENDED);
    assertProblem(grant(assertion(bank), id, nhis), 403, "agency_suspended");

    String after = scrape();
    assertThat(delta(before, after, "mydatakit_consents_requested_total", "")).isEqualTo(1);
    assertThat(delta(before, after, "mydatakit_grants_issued_total", "")).isEqualTo(1);
    assertThat(
            delta(before, after, "mydatakit_grants_refused_total", "reason=\"agency_suspended\""))
        .isEqualTo(1);
    assertThat(delta(before, after, "mydatakit_status_list_served_total", "")).isEqualTo(3);
    assertThat(delta(before, after, "mydatakit_status_list_builds_total", "")).isEqualTo(1);

    assertThat(after)
        .contains("http_server_requests_seconds_count{")
        .contains("uri=\"/consents/{id}\"")
        .contains("uri=\"/grants\"")
        .contains("uri=\"/status/1\"");
    assertThat(after)
        .doesNotContain(id.toString())
        .doesNotContain(answer.path("grantId").asText())
        .doesNotContain(bank.value())
        .doesNotContain(nhis.value())
        .doesNotContain("FAKE-CI")
        .doesNotContain("eyJ");
  }

  @Test
  void onlyHealthAndPrometheusAreExposed() {
    assertThat(get("/actuator/prometheus").statusCode()).isEqualTo(200);
    assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
    for (String other : new String[] {"/actuator/metrics", "/actuator/env", "/actuator/beans"}) {
      assertThat(get(other).statusCode()).as(other).isEqualTo(404);
    }
  }

  @Test
  void theScrapeCarriesTheConsentsByStatus() {
    activeConsent();
    String scrape = scrape();
    for (var status : org.mydatakit.consent.ConsentStatus.values()) {
      assertThat(scrape).contains("mydatakit_consents{status=\"" + status.name() + "\"}");
    }
    // counted from the real store (at most every 30 s, so the exact value is ConsentGaugesTest's)
    assertThat(value(scrape, "mydatakit_consents", "status=\"ACTIVE\"")).isFinite().isNotNegative();
  }

  // --- the scrape

  private String scrape() {
    HttpResponse<String> scrape = get("/actuator/prometheus");
    assertThat(scrape.statusCode()).isEqualTo(200);
    return scrape.body();
  }

  private static double delta(String before, String after, String name, String label) {
    return value(after, name, label) - value(before, name, label);
  }

  /** The sum of the samples of {@code name} whose labels contain {@code label}; 0 if none. */
  private static double value(String scrape, String name, String label) {
    double sum = 0;
    for (String line : scrape.split("\n")) {
      if (line.startsWith("#")) {
        continue;
      }
      String metric = line.substring(0, Math.max(0, line.lastIndexOf(' ')));
      String labels = metric.contains("{") ? metric.substring(metric.indexOf('{')) : "";
      String bare = metric.contains("{") ? metric.substring(0, metric.indexOf('{')) : metric;
      if (bare.equals(name) && labels.contains(label)) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  // --- the consumer's side, as in ConsumerApiTest

  private void approve(ConsentId id) {
    try (CitizenIdentifier citizen = CitizenIdentifier.of(CI)) {
      broker.approve(
          id,
          citizen,
          new AuthenticationEvidence(
              AuthenticationEvidence.Method.SIMPLE_AUTHENTICATION,
              Instant.now(),
              "mobile-app",
              AuthenticationEvidence.sha256Hex("consent text")));
    }
  }

  private HttpResponse<String> grant(String assertion, ConsentId id, AgencyId to) {
    ObjectNode b = JSON.createObjectNode();
    b.put("client_assertion_type", ClientAssertionVerifier.ASSERTION_TYPE);
    b.put("client_assertion", assertion);
    b.put("consentId", id.toString());
    b.put("provider", to.value());
    return send(
        HttpRequest.newBuilder(uri("/grants"))
            .header("Content-Type", "application/json")
            .header("DPoP", dpopKey.proof("POST", URI.create(ISSUER + "/grants")))
            .POST(HttpRequest.BodyPublishers.ofString(b.toString()))
            .build());
  }

  private HttpResponse<String> getAs(String path, String assertion) {
    return send(HttpRequest.newBuilder(uri(path)).header("Client-Assertion", assertion).build());
  }

  private ObjectNode consentRequest(AgencyId bank, AgencyId nhis) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    ObjectNode b = JSON.createObjectNode();
    b.put("client_assertion_type", ClientAssertionVerifier.ASSERTION_TYPE);
    b.put("client_assertion", assertion(bank));
    b.put("citizen", CI);
    b.put("idempotencyKey", UUID.randomUUID().toString());
    b.putArray("items").addObject().put("provider", nhis.value()).put("code", NHIS_ITEM.value());
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

  /** A client assertion of {@code consumer} for the token endpoint, made by hand with nimbus. */
  private String assertion(AgencyId consumer) {
    return ClientAssertions.sign(ISSUER, consumer, bankKeys, c -> {});
  }
}
