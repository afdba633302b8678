package org.mydatakit.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.mydatakit.broker.BrokerKeyFiles;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.broker.ConsentRequest;
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
import org.mydatakit.log.NoteCosigner;
import org.mydatakit.sampleidp.SampleCitizensIdentityProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The one Spring context every test class of this module shares (same annotations, same dynamic
 * properties, so the test context cache starts the server once): the broker on a random port over
 * an H2 file in a temporary home, with one witness, and its data source wrapped to count
 * connections. Tests share the store, so they assert relative to what they wrote themselves.
 */
@SpringBootTest(
    classes = BrokerServerApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ServerTestBase.CountingDataSource.class)
abstract class ServerTestBase {
  static final Path HOME;
  static final NoteCosigner WITNESS = NoteCosigner.generate("witness.example");
  static final String ISSUER = "http://127.0.0.1";
  static final String ORIGIN = "127.0.0.1/log";
  static final ObjectMapper JSON = new ObjectMapper();
  static final String ADMIN_TOKEN = "fictional-admin-token-0001";

  /** Every {@code getConnection()} on the broker's data source, but the event dispatcher's. */
  static final AtomicLong CONNECTIONS = new AtomicLong();

  static {
    try {
      HOME = Files.createTempDirectory("mydatakit-broker-server-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @DynamicPropertySource
  static void brokerProperties(DynamicPropertyRegistry registry) {
    registry.add("mydatakit.broker.issuer", () -> ISSUER);
    registry.add("mydatakit.broker.home", HOME::toString);
    registry.add("mydatakit.broker.witnesses[0]", () -> WITNESS.verifierKey().toString());
    // a bucket small enough for a test to empty, slow enough to stay empty while it does
    registry.add("mydatakit.broker.rate-limit.burst", () -> "30");
    registry.add("mydatakit.broker.rate-limit.per-second", () -> "2");
    // the admin API on a port of its own, with a token whose hash only the server knows
    registry.add("mydatakit.broker.admin.port", () -> "0");
    registry.add(
        "mydatakit.broker.admin.token-sha256", () -> AuthenticationEvidence.sha256Hex(ADMIN_TOKEN));
    // citizens sign in at a real OpenID provider with the sample citizens
    String citizen = "spring.security.oauth2.client.registration.citizen.";
    registry.add(citizen + "client-id", () -> SampleCitizensIdentityProvider.CLIENT_ID);
    registry.add(citizen + "client-secret", () -> SampleCitizensIdentityProvider.CLIENT_SECRET);
    registry.add(citizen + "authorization-grant-type", () -> "authorization_code");
    registry.add(citizen + "scope", () -> "openid");
    registry.add(
        "spring.security.oauth2.client.provider.citizen.issuer-uri",
        SampleCitizensIdentityProvider::issuer);
  }

  @LocalServerPort int port;
  @Autowired ConsentBroker broker;
  @Autowired BrokerKeyFiles keys;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @AfterAll
  static void noLogLineCarriedATokenAKeyOrAnIdentifier() {
    assertThat(LeakScanningAppender.seen()).as("the scanning appender is wired").isPositive();
    assertThat(LeakScanningAppender.leaks()).isEmpty();
  }

  /** Wraps the broker's data source so that tests can tell when the database is read. */
  @TestConfiguration(proxyBeanMethods = false)
  static class CountingDataSource {
    @Bean
    static BeanPostProcessor countingDataSource() {
      return new BeanPostProcessor() {
        @Override
        public Object postProcessAfterInitialization(Object bean, String name) {
          if (!(bean instanceof DataSource target) || !name.equals("dataSource")) {
            return bean;
          }
          return Proxy.newProxyInstance(
              DataSource.class.getClassLoader(),
              new Class<?>[] {DataSource.class},
              (proxy, method, args) -> {
                // the event dispatcher's own rounds are not the requests a test counts
                if (method.getName().equals("getConnection")
                    && !Thread.currentThread().getName().startsWith("mydatakit-event")) {
                  CONNECTIONS.incrementAndGet();
                }
                try {
                  return method.invoke(target, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });
        }
      };
    }
  }

  /**
   * A consent KB-BANK requested of the sample citizen {@code user} for NHIS's qualification
   * certificate, delivered as {@code delivery}, waiting for her decision.
   */
  Consent requested(String user, Delivery delivery) {
    Instant now = Instant.now();
    ConsentRequest request =
        ConsentRequest.builder()
            .consumer(AgencyId.of("KB-BANK"))
            .item(DataItem.of(AgencyId.of("NHIS"), ItemCode.of("nhis.qualification")))
            .purpose(new Purpose("loan-screening", "대출 심사", LegalBasis.PIPA_35_2))
            .delivery(delivery)
            .validity(now, now.plus(Duration.ofDays(30)))
            .retention(Period.ofYears(1))
            .build();
    try (CitizenIdentifier citizen =
        CitizenIdentifier.of(SampleCitizensIdentityProvider.CITIZENS.get(user))) {
      return broker.request(request, citizen, UUID.randomUUID().toString());
    }
  }

  /** Requests a one-time consent of 홍길동 (fictional) and approves it: an ACTIVE consent. */
  Consent activeConsent() {
    Instant now = Instant.now();
    Consent requested = requested(SampleCitizensIdentityProvider.HONG, Delivery.oneTime());
    try (CitizenIdentifier citizen =
        CitizenIdentifier.of(
            SampleCitizensIdentityProvider.CITIZENS.get(SampleCitizensIdentityProvider.HONG))) {
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

  HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET().build());
  }

  HttpResponse<String> get(String path, String ifNoneMatch) {
    return send(HttpRequest.newBuilder(uri(path)).header("If-None-Match", ifNoneMatch).build());
  }

  HttpResponse<String> post(String path, String contentType, String body) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  /** A citizen's user agent on this server, whose every response is inspected as ours are. */
  CitizenBrowser browser() {
    return new CitizenBrowser(port, this::inspected);
  }

  /**
   * Every response of the server to the tests: documented in broker-api.yaml, and no broker-wide
   * subject of a sample citizen, in any view and any answer (a provider's pairwise subject travels
   * only inside a grant).
   */
  HttpResponse<String> inspected(HttpResponse<String> response) {
    String path = response.uri().getPath();
    boolean page = path.equals(CitizenPages.BASE) || path.startsWith(CitizenPages.BASE + "/");
    if (response.uri().getPort() == port && !page) { // the HTML pages are not the API
      // every answer of ours is one that broker-api.yaml documents
      ApiContract.check(response.request(), response);
    }
    PairwiseSubjects subjects = PairwiseSubjects.of(keys.pairwiseSecret());
    for (String ci : SampleCitizensIdentityProvider.CITIZENS.values()) {
      try (CitizenIdentifier citizen = CitizenIdentifier.of(ci)) {
        assertThat(response.body())
            .as("a broker-wide subject in a response")
            .doesNotContain(subjects.brokerSubject(citizen).value());
      }
    }
    return response;
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return inspected(http.send(request, HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** An RFC 9457 body with our type, a title, the status and, if given, the reason. */
  static void assertProblem(HttpResponse<String> response, int status, String reason) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(body.path("type").asText()).startsWith("https://mydatakit.org/problems/");
    assertThat(body.path("title").asText()).isNotBlank();
    assertThat(body.path("status").asInt()).isEqualTo(status);
    if (reason != null) {
      assertThat(body.path("reason").asText()).isEqualTo(reason);
    }
    assertThat(response.body()).doesNotContain("FAKE-CI").doesNotContain("eyJ");
  }
}
