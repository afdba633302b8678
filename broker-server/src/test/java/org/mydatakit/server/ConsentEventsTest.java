package org.mydatakit.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mydatakit.broker.Agency;
import org.mydatakit.broker.AgencyRegistry;
import org.mydatakit.broker.ConsentRequest;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.AuthenticationEvidence;
import org.mydatakit.consent.CitizenIdentifier;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.consent.LegalBasis;
import org.mydatakit.consent.Purpose;
import org.mydatakit.consent.RevokedBy;
import org.mydatakit.events.ConsentEvent;
import org.mydatakit.events.ConsentEventType;
import org.mydatakit.events.ErasureAttestations;
import org.mydatakit.events.InvalidSecurityEventException;
import org.mydatakit.events.SecurityEventTokens;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.sampleidp.SampleCitizensIdentityProvider;

/**
 * Consent events end to end on the server: the dispatcher pushes signed SETs to the agencies'
 * registered endpoints, an agency without one polls, and a consumer's erasure attestation reaches
 * the citizen's page; the citizen's inbox shows each decision.
 */
class ConsentEventsTest extends ServerTestBase {
  private static final ItemCode NHIS_ITEM = ItemCode.of("nhis.qualification");
  private static final ItemCode NTS_ITEM = ItemCode.of("nts.income-certificate");

  private final SigningKeySet bankKeys = SigningKeySet.generate(SigningAlgorithm.ES256);
  private final SigningKeySet otherKeys = SigningKeySet.generate(SigningAlgorithm.ES256);
  private final SigningKeySet ntsKeys = SigningKeySet.generate(SigningAlgorithm.ES256);
  private final List<HttpServer> receivers = new ArrayList<>();
  private final List<ConsentEvent> atBank = new CopyOnWriteArrayList<>();
  private final List<ConsentEvent> atNhis = new CopyOnWriteArrayList<>();
  private AgencyId bank;
  private AgencyId other;
  private AgencyId nhis;
  private AgencyId nts;

  @org.springframework.beans.factory.annotation.Autowired AgencyRegistry agencies;

  @BeforeEach
  void registerAgencies() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
    bank = AgencyId.of("EV-BANK-" + run);
    other = AgencyId.of("EV-OTHER-" + run);
    nhis = AgencyId.of("EV-NHIS-" + run);
    nts = AgencyId.of("EV-NTS-" + run);
    agencies.register(
        Agency.builder(bank)
            .name("Bank " + run)
            .role(Agency.Role.CONSUMER)
            .jwks(bankKeys.verificationKeys())
            .purpose("loan-screening")
            .eventEndpoint(receiver(bank, atBank))
            .build());
    agencies.register(
        Agency.builder(other)
            .name("Other " + run)
            .role(Agency.Role.CONSUMER)
            .jwks(otherKeys.verificationKeys())
            .purpose("loan-screening")
            .build());
    agencies.register(
        Agency.builder(nhis)
            .name("NHIS " + run)
            .role(Agency.Role.PROVIDER)
            .jwksUri(URI.create("https://nhis.example/jwks.json"))
            .allowedItem(NHIS_ITEM)
            .eventEndpoint(receiver(nhis, atNhis))
            .build());
    agencies.register(
        Agency.builder(nts) // no event endpoint: it polls
            .name("NTS " + run)
            .role(Agency.Role.PROVIDER)
            .jwks(ntsKeys.verificationKeys())
            .allowedItem(NTS_ITEM)
            .build());
  }

  @AfterEach
  void stopReceivers() {
    receivers.forEach(r -> r.stop(0));
  }

  /** A receiver on loopback that verifies each SET with the broker's keys and answers 202. */
  private URI receiver(AgencyId agency, List<ConsentEvent> received) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/events",
        exchange -> {
          String token =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          int status = 202;
          try {
            received.add(
                SecurityEventTokens.verifier(keys.signingKeys().verificationKeys(), ISSUER, agency)
                    .verify(token)
                    .event());
          } catch (InvalidSecurityEventException e) {
            status = 400;
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
    receivers.add(server);
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/events");
  }

  private CitizenIdentifier hong() {
    return CitizenIdentifier.of(
        SampleCitizensIdentityProvider.CITIZENS.get(SampleCitizensIdentityProvider.HONG));
  }

  private Consent active() {
    Instant now = Instant.now();
    ConsentRequest request =
        ConsentRequest.builder()
            .consumer(bank)
            .item(DataItem.of(nhis, NHIS_ITEM))
            .item(DataItem.of(nts, NTS_ITEM))
            .purpose(new Purpose("loan-screening", "대출 심사", LegalBasis.PIPA_35_2))
            .delivery(Delivery.oneTime())
            .validity(now, now.plus(Duration.ofDays(30)))
            .retention(Period.ofYears(1))
            .build();
    try (CitizenIdentifier citizen = hong()) {
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

  private static List<ConsentEventType> typesOf(List<ConsentEvent> events, Consent consent) {
    return events.stream()
        .filter(e -> e.consentId().equals(consent.id()))
        .map(ConsentEvent::type)
        .toList();
  }

  private static void await(java.util.function.BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!done.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  @Test
  void aRevocationIsPushedToTheConsumerAndTheProviderInOrder() throws Exception {
    Consent consent = active();
    broker.pause(consent.id());
    broker.resume(consent.id());
    long revoked = System.nanoTime();
    broker.revoke(consent.id(), RevokedBy.CITIZEN, "no longer");
    await(() -> typesOf(atNhis, consent).contains(ConsentEventType.CONSENT_REVOKED));
    long tookMillis = (System.nanoTime() - revoked) / 1_000_000;
    List<ConsentEventType> inOrder =
        List.of(
            ConsentEventType.CONSENT_APPROVED,
            ConsentEventType.CONSENT_PAUSED,
            ConsentEventType.CONSENT_RESUMED,
            ConsentEventType.CONSENT_REVOKED);
    assertThat(typesOf(atNhis, consent)).containsExactlyElementsOf(inOrder);
    await(() -> typesOf(atBank, consent).size() == 4);
    assertThat(typesOf(atBank, consent)).containsExactlyElementsOf(inOrder);
    assertThat(tookMillis).as("revocation pushed to NHIS").isLessThan(5_000);
    // NHIS's events carry its own pairwise subject and only its items
    ConsentEvent last = atNhis.get(atNhis.size() - 1);
    assertThat(last.subject()).isEqualTo(consent.subject().at(nhis));
    assertThat(last.items()).containsExactly(DataItem.of(nhis, NHIS_ITEM));
  }

  private HttpResponse<String> poll(AgencyId agency, SigningKeySet agencyKeys, String body) {
    return send(
        HttpRequest.newBuilder(uri(EventsController.POLL))
            .header("Content-Type", "application/json")
            .header(
                ConsumerController.ASSERTION_HEADER,
                ClientAssertions.sign(ISSUER, agency, agencyKeys, c -> {}))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  @Test
  void anAgencyWithoutAnEndpointPollsAndAcknowledges() throws Exception {
    Consent consent = active();
    broker.revoke(consent.id(), RevokedBy.CITIZEN, "no longer");
    List<ConsentEventType> seen = new ArrayList<>();
    String ack = "";
    for (int round = 0; round < 5; round++) {
      HttpResponse<String> answer =
          poll(nts, ntsKeys, "{\"maxEvents\":10" + ack + ",\"returnImmediately\":true}");
      assertThat(answer.statusCode()).isEqualTo(200);
      JsonNode sets = JSON.readTree(answer.body()).get("sets");
      List<String> jtis = new ArrayList<>();
      for (Iterator<String> it = sets.fieldNames(); it.hasNext(); ) {
        String jti = it.next();
        jtis.add(jti);
        ConsentEvent event =
            SecurityEventTokens.verifier(keys.signingKeys().verificationKeys(), ISSUER, nts)
                .verify(sets.get(jti).asText())
                .event();
        if (event.consentId().equals(consent.id())) {
          seen.add(event.type());
        }
      }
      if (jtis.isEmpty()) {
        break;
      }
      ack = ",\"ack\":" + JSON.writeValueAsString(jtis);
    }
    assertThat(seen)
        .containsExactly(ConsentEventType.CONSENT_APPROVED, ConsentEventType.CONSENT_REVOKED);
    HttpResponse<String> bad = poll(nts, ntsKeys, "{\"maxEvents\":\"ten\"}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(bad.body()).get("err").asText()).isEqualTo("invalid_request");
    assertProblem(poll(nts, otherKeys, "{}"), 401, "invalid_client");
  }

  private HttpResponse<String> attest(String token) {
    return post(EventsController.ERASURE, EventsController.SET_TYPE, token);
  }

  @Test
  void anErasureAttestationIsKeptOnceAndShownOnTheCitizensPage() throws Exception {
    Consent consent = active();
    broker.revoke(consent.id(), RevokedBy.CITIZEN, "no longer");
    String token =
        ErasureAttestations.signer(bankKeys, bank, ISSUER)
            .sign(consent.id(), List.of("TX-0001", "TX-0002"), Instant.now());
    assertThat(attest(token).statusCode()).isEqualTo(202);
    assertThat(attest(token).statusCode()).isEqualTo(202); // a repeat: kept once
    assertThat(broker.erasures(consent.id())).hasSize(1);

    String byOther =
        ErasureAttestations.signer(otherKeys, other, ISSUER)
            .sign(consent.id(), List.of("TX-0001"), Instant.now());
    assertRefused(attest(byOther), "access_denied");
    String forged =
        ErasureAttestations.signer(otherKeys, bank, ISSUER)
            .sign(consent.id(), List.of("TX-0001"), Instant.now());
    assertRefused(attest(forged), "invalid_key");
    String elsewhere =
        ErasureAttestations.signer(bankKeys, bank, "https://another-broker.example")
            .sign(consent.id(), List.of("TX-0001"), Instant.now());
    assertRefused(attest(elsewhere), "invalid_audience");
    assertRefused(attest("not.a.token"), "invalid_issuer");
    String unknownConsent =
        ErasureAttestations.signer(bankKeys, bank, ISSUER)
            .sign(
                org.mydatakit.consent.ConsentId.generate(Instant.now()),
                List.of("TX-0001"),
                Instant.now());
    assertRefused(attest(unknownConsent), "invalid_request");
    assertThat(broker.erasures(consent.id())).hasSize(1);

    CitizenBrowser browser = browser();
    assertThat(browser.signIn(SampleCitizensIdentityProvider.HONG).statusCode()).isEqualTo(200);
    String page = browser.page("/my/consents/" + consent.id() + "?lang=en").body();
    assertThat(page).contains("id=\"erasures\"").contains("signed that it erased 2 deliveries");
    assertThat(page).contains("ERASURE_ATTESTED");
    String home = browser.page("/my?lang=en").body();
    assertThat(home)
        .contains("id=\"inbox\"")
        .contains("attested that it erased what it received")
        .contains("is revoked");
  }

  private static void assertRefused(HttpResponse<String> response, String err) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("err").asText()).isEqualTo(err);
    assertThat(body.get("description").asText()).isNotBlank();
  }

  @Test
  void theEventsAreCountedInTheMetrics() throws Exception {
    Consent consent = active();
    broker.revoke(consent.id(), RevokedBy.CITIZEN, "no longer");
    await(() -> typesOf(atNhis, consent).contains(ConsentEventType.CONSENT_REVOKED));
    String metrics = get("/actuator/prometheus").body();
    assertThat(metrics)
        .contains("mydatakit_events_dispatched_total{outcome=\"delivered\"}")
        .contains("mydatakit_events_outbox{state=\"PENDING\"}")
        .contains("mydatakit_erasures_overdue")
        .contains("mydatakit_events_delivery_latency_seconds");
  }
}
