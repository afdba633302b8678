package org.mydatakit.examples.spring.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.broker.ConsentRequest;
import org.mydatakit.broker.InMemoryConsentStore;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.AuthenticationEvidence;
import org.mydatakit.consent.CitizenIdentifier;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.consent.LegalBasis;
import org.mydatakit.consent.PairwiseSubjects;
import org.mydatakit.consent.Purpose;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.grant.Grant;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sample agency, started once on a random port against a mock broker on a loopback port that
 * serves its JWKS and its signed status list: a real broker's grant is admitted and answered with
 * the subject's record; a forged grant and an expired one get the gate's 401 problem.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SpringProviderAgencyApplicationTest {
  private static final AgencyId NHIS = AgencyId.of("NHIS");
  private static final AgencyId CONSUMER = AgencyId.of("KB-BANK");
  private static final ItemCode QUALIFICATION = ItemCode.of("nhis.qualification");
  private static final String PATH = "/mydata/v1/items/nhis.qualification";

  /** A test-only master secret: fake, public. */
  private static final PairwiseSubjects PAIRWISE =
      PairwiseSubjects.of(
          "FAKE-MASTER-SECRET: spring sample test only, never production"
              .getBytes(StandardCharsets.US_ASCII));

  private static final MockBroker BROKER = new MockBroker();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @LocalServerPort int port;

  @DynamicPropertySource
  static void broker(DynamicPropertyRegistry registry) {
    registry.add("mydatakit.provider.issuer", () -> BROKER.issuer);
    registry.add("mydatakit.provider.jwks-uri", () -> BROKER.issuer + "/jwks.json");
    registry.add(
        "sample.pairwise-key",
        () -> Base64.getEncoder().encodeToString(PAIRWISE.providerKey(NHIS)));
  }

  @AfterAll
  static void stopBroker() {
    BROKER.server.stop(0);
  }

  @Test
  void admitsAValidGrantAndRefusesAForgedOrExpiredOne() throws Exception {
    DpopKey key = DpopKey.generate();

    // a valid grant: the subject's record
    Consent consent =
        approved(BROKER.broker, QualificationRegistry.HONG_GILDONG_CI, Clock.systemUTC());
    Grant grant = BROKER.broker.issueGrant(consent.id(), NHIS, key.thumbprint());
    HttpResponse<String> admitted = get(grant, key);
    assertThat(admitted.statusCode()).as(admitted.body()).isEqualTo(200);
    assertThat(admitted.body())
        .contains("\"type\":\"EMPLOYEE\"")
        .contains("\"acquiredOn\":\"2015-03-02\"")
        .doesNotContain("FAKE-CI");
    assertThat(admitted.headers().firstValue("X-Api-Tran-Id")).isPresent();
    assertThat(admitted.headers().firstValue("Cache-Control")).contains("no-store");

    // a valid grant for a citizen without a record here: the gate's "no record"
    Consent none =
        approved(BROKER.broker, QualificationRegistry.LEE_YOUNGHEE_CI, Clock.systemUTC());
    HttpResponse<String> noRecord =
        get(BROKER.broker.issueGrant(none.id(), NHIS, key.thumbprint()), key);
    assertThat(noRecord.statusCode()).isEqualTo(404);

    // forged: a grant in the broker's name, signed with other keys
    ConsentBroker forger =
        broker(BROKER.issuer, SigningKeySet.generate(SigningAlgorithm.ES256), Clock.systemUTC());
    Consent forgedConsent =
        approved(forger, QualificationRegistry.HONG_GILDONG_CI, Clock.systemUTC());
    HttpResponse<String> forged =
        get(forger.issueGrant(forgedConsent.id(), NHIS, key.thumbprint()), key);
    assertThat(forged.statusCode()).isEqualTo(401);
    assertThat(forged.body()).contains("\"UNKNOWN_KEY\"");
    assertThat(forged.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).contains("problem+json"));

    // expired: the broker's own keys, an hour ago
    Clock hourAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC);
    ConsentBroker past = broker(BROKER.issuer, BROKER.keys, hourAgo);
    Consent pastConsent = approved(past, QualificationRegistry.HONG_GILDONG_CI, hourAgo);
    HttpResponse<String> expired =
        get(past.issueGrant(pastConsent.id(), NHIS, key.thumbprint()), key);
    assertThat(expired.statusCode()).isEqualTo(401);
    assertThat(expired.body()).contains("\"EXPIRED\"");
  }

  private HttpResponse<String> get(Grant grant, DpopKey key) throws Exception {
    URI url = URI.create("http://127.0.0.1:" + port + PATH);
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .header("Authorization", "DPoP " + grant.token())
            .header("DPoP", key.proof("GET", url, grant.token()))
            .header("X-Api-Tran-Id", "tran-" + UUID.randomUUID().toString().substring(0, 8))
            .GET()
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static ConsentBroker broker(String issuer, SigningKeySet keys, Clock clock) {
    return ConsentBroker.builder()
        .store(new InMemoryConsentStore())
        .signingKeys(keys)
        .issuer(issuer)
        .pairwiseSubjects(PAIRWISE)
        .statusListUri(URI.create(issuer + "/status/1"))
        .clock(clock)
        .build();
  }

  /** A one-time consent of the fictional citizen {@code ci}, approved on {@code broker}. */
  private static Consent approved(ConsentBroker broker, String ci, Clock clock) {
    Instant now = clock.instant();
    ConsentRequest request =
        ConsentRequest.builder()
            .consumer(CONSUMER)
            .purpose(new Purpose("loan-screening", "대출 심사 (가상 예시)", LegalBasis.PIPA_35_2))
            .delivery(Delivery.oneTime())
            .validity(now, now.plus(Duration.ofDays(30)))
            .retention(Period.ofYears(1))
            .item(DataItem.of(NHIS, QUALIFICATION))
            .build();
    try (CitizenIdentifier citizen = CitizenIdentifier.of(ci)) {
      Consent requested = broker.request(request, citizen, "sample-" + UUID.randomUUID());
      return broker.approve(
          requested.id(),
          citizen,
          new AuthenticationEvidence(
              AuthenticationEvidence.Method.SIMPLE_AUTHENTICATION,
              now,
              "sample-test",
              AuthenticationEvidence.sha256Hex("sample: consent text (fictional)")));
    }
  }

  /** A broker on a loopback port: its JWKS and its signed status list, and nothing else. */
  private static final class MockBroker {
    final HttpServer server;
    final String issuer;
    final SigningKeySet keys = SigningKeySet.generate(SigningAlgorithm.ES256);
    final ConsentBroker broker;

    MockBroker() {
      try {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      issuer = "http://127.0.0.1:" + server.getAddress().getPort();
      broker = SpringProviderAgencyApplicationTest.broker(issuer, keys, Clock.systemUTC());
      serve("/jwks.json", "application/jwk-set+json", () -> keys.verificationKeys().toJson());
      serve("/status/1", "application/statuslist+jwt", broker::statusList);
      server.start();
    }

    private void serve(String path, String type, Supplier<String> body) {
      server.createContext(
          path,
          exchange -> {
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(bytes);
            }
          });
    }
  }
}
