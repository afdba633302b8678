package org.mydatakit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mydatakit.broker.Agency;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.AuthenticationEvidence;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.grant.ClientAssertionVerifier;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.sampleidp.SampleCitizensIdentityProvider;
import org.mydatakit.store.jdbc.JdbcAgencyRegistry;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Two broker server processes on one PostgreSQL database, as behind a load balancer: a revoke on
 * one and the other refuses the next grant at once; a client assertion or a DPoP proof used on one
 * is refused on the other (the replay caches live in the database). The processes are real JVMs
 * started from this test's class path; their output goes to {@code target/two-nodes-*.log}.
 */
class TwoNodesTest {
  static final String PG_ENV = "MYDATA_TEST_PG_URL";
  static final String ISSUER = "http://127.0.0.1";
  static final String CI =
      SampleCitizensIdentityProvider.CITIZENS.get(SampleCitizensIdentityProvider.HONG);
  static final ObjectMapper JSON = new ObjectMapper();

  static String schema;
  static String storeUrl;
  static Path home;
  static Node a;
  static Node b;

  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  final SigningKeySet bankKeys = SigningKeySet.generate(SigningAlgorithm.ES256);
  final DpopKey dpopKey = DpopKey.generate();

  @BeforeAll
  static void startTwoNodes() throws Exception {
    String pg = System.getenv(PG_ENV);
    if (pg == null || pg.isBlank()) {
      return; // each test is skipped, with the message, in bothNodesUp()
    }
    schema = "mydatakit_two_nodes_" + UUID.randomUUID().toString().substring(0, 8);
    try (Connection c = DriverManager.getConnection(pg);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    storeUrl = pg + (pg.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    home = Files.createTempDirectory("mydatakit-two-nodes");
    String idp = SampleCitizensIdentityProvider.issuer();
    a = Node.start("a", home, storeUrl, idp); // the first creates the keys both share
    a.awaitReady();
    b = Node.start("b", home, storeUrl, idp);
    b.awaitReady();
  }

  @BeforeEach
  void bothNodesUp() {
    assumeTrue(
        b != null,
        "two-node test skipped: set "
            + PG_ENV
            + " (e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres); .ci/run sets it");
  }

  @AfterAll
  static void stopNodes() throws Exception {
    for (Node node : new Node[] {a, b}) {
      if (node != null) {
        node.process.destroy();
        node.process.waitFor();
      }
    }
    String pg = System.getenv(PG_ENV);
    if (pg != null && schema != null) {
      try (Connection c = DriverManager.getConnection(pg);
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  @Test
  void aRevokeOnOneNodeIsRefusedByTheOtherAtTheNextGrant() {
    AgencyId bank = registerConsumer();
    AgencyId nhis = AgencyId.of("NHIS");
    HttpResponse<String> created = a.send(createConsent(bank, nhis));
    assertThat(created.statusCode()).isEqualTo(201);
    String id = json(created).path("id").asText();

    CitizenBrowser hong = new CitizenBrowser(b.port, r -> r);
    assertThat(hong.signIn(SampleCitizensIdentityProvider.HONG).statusCode()).isEqualTo(200);
    String approve =
        "{\"consentTextSha256\":\"" + AuthenticationEvidence.sha256Hex("shown") + "\"}";
    assertThat(hong.post("/citizen/consents/" + id + "/approve", approve).statusCode())
        .isEqualTo(200);

    assertThat(a.send(grant(bank, id, nhis, proof())).statusCode()).isEqualTo(200);

    CitizenBrowser onA = new CitizenBrowser(a.port, r -> r);
    assertThat(onA.signIn(SampleCitizensIdentityProvider.HONG).statusCode()).isEqualTo(200);
    assertThat(onA.post("/citizen/consents/" + id + "/revoke", null).statusCode()).isEqualTo(200);

    HttpResponse<String> refused = b.send(grant(bank, id, nhis, proof()));
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(json(refused).path("reason").asText()).isEqualTo("illegal_transition");
  }

  @Test
  void anAssertionOrAProofUsedOnOneNodeIsRefusedOnTheOther() {
    AgencyId bank = registerConsumer();
    String assertion = ClientAssertions.sign(ISSUER, bank, bankKeys, c -> {});
    assertThat(a.send(list(assertion)).statusCode()).isEqualTo(200);
    HttpResponse<String> replayed = b.send(list(assertion));
    assertThat(replayed.statusCode()).isEqualTo(401);
    assertThat(json(replayed).path("reason").asText()).isEqualTo("invalid_client");

    // a grant request's DPoP proof: accepted once between the two nodes
    AgencyId nhis = AgencyId.of("NHIS");
    String id = json(a.send(createConsent(bank, nhis))).path("id").asText();
    String proof = proof();
    HttpResponse<String> first = a.send(grant(bank, id, nhis, proof));
    assertThat(first.statusCode()).as("not yet approved").isEqualTo(409);
    HttpResponse<String> again = b.send(grant(bank, id, nhis, proof));
    assertThat(again.statusCode()).isEqualTo(401);
    assertThat(json(again).path("reason").asText()).isEqualTo("invalid_dpop_proof");
  }

  // --- a consumer

  private AgencyId registerConsumer() {
    AgencyId bank =
        AgencyId.of(
            "BANK-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT));
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(storeUrl);
    JdbcAgencyRegistry.of(ds)
        .register(
            Agency.builder(bank)
                .name("Bank " + bank.value())
                .role(Agency.Role.CONSUMER)
                .jwks(bankKeys.verificationKeys())
                .purpose("loan-screening")
                .build());
    return bank;
  }

  private String proof() {
    return dpopKey.proof("POST", URI.create(ISSUER + "/grants"));
  }

  private HttpRequest.Builder list(String assertion) {
    return HttpRequest.newBuilder()
        .uri(URI.create("http://node/consents"))
        .header("Client-Assertion", assertion)
        .GET();
  }

  private HttpRequest.Builder createConsent(AgencyId bank, AgencyId provider) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    ObjectNode body = JSON.createObjectNode();
    body.put("client_assertion_type", ClientAssertionVerifier.ASSERTION_TYPE);
    body.put("client_assertion", ClientAssertions.sign(ISSUER, bank, bankKeys, c -> {}));
    body.put("citizen", CI);
    body.put("idempotencyKey", UUID.randomUUID().toString());
    body.putArray("items")
        .addObject()
        .put("provider", provider.value())
        .put("code", ItemCode.of("nhis.qualification").value());
    ObjectNode purpose = body.putObject("purpose");
    purpose.put("code", "loan-screening");
    purpose.put("text", "대출 심사");
    purpose.putObject("legalBasis").put("code", "pipa-35-2").put("text", "개인정보 보호법 제35조의2");
    body.putObject("delivery")
        .put("kind", "PERIODIC")
        .put("every", 1)
        .put("unit", "DAYS")
        .put("fetchBudget", 10);
    body.put("validFrom", now.minusSeconds(60).toString());
    body.put("validUntil", now.plus(30, ChronoUnit.DAYS).toString());
    body.put("retention", "P1Y");
    return HttpRequest.newBuilder()
        .uri(URI.create("http://node/consents"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
  }

  private HttpRequest.Builder grant(
      AgencyId bank, String consentId, AgencyId provider, String proof) {
    ObjectNode body = JSON.createObjectNode();
    body.put("client_assertion_type", ClientAssertionVerifier.ASSERTION_TYPE);
    body.put("client_assertion", ClientAssertions.sign(ISSUER, bank, bankKeys, c -> {}));
    body.put("consentId", consentId);
    body.put("provider", provider.value());
    return HttpRequest.newBuilder()
        .uri(URI.create("http://node/grants"))
        .header("Content-Type", "application/json")
        .header("DPoP", proof)
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
  }

  private static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One broker server process. */
  static final class Node {
    final String name;
    final int port;
    final Process process;
    final Path log;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Node(String name, int port, Process process, Path log) {
      this.name = name;
      this.port = port;
      this.process = process;
      this.log = log;
    }

    static Node start(String name, Path home, String storeUrl, String idp) throws IOException {
      int port;
      try (ServerSocket free = new ServerSocket(0)) {
        port = free.getLocalPort();
      }
      String citizen = "--spring.security.oauth2.client.registration.citizen.";
      List<String> command =
          new ArrayList<>(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx256m",
                  "-XX:TieredStopAtLevel=1",
                  "-cp",
                  System.getProperty("java.class.path"),
                  BrokerServerApplication.class.getName(),
                  "--server.port=" + port,
                  "--spring.main.banner-mode=off",
                  "--mydatakit.broker.issuer=" + ISSUER,
                  "--mydatakit.broker.home=" + home,
                  "--mydatakit.broker.store-url=" + storeUrl,
                  citizen + "client-id=" + SampleCitizensIdentityProvider.CLIENT_ID,
                  citizen + "client-secret=" + SampleCitizensIdentityProvider.CLIENT_SECRET,
                  citizen + "authorization-grant-type=authorization_code",
                  citizen + "scope=openid",
                  "--spring.security.oauth2.client.provider.citizen.issuer-uri=" + idp));
      Path log = Path.of("target", "two-nodes-" + name + ".log");
      Files.createDirectories(log.getParent());
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      return new Node(name, port, process, log);
    }

    void awaitReady() throws Exception {
      Instant deadline = Instant.now().plusSeconds(90);
      while (Instant.now().isBefore(deadline)) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "node " + name + " exited " + process.exitValue() + "; see " + log.toAbsolutePath());
        }
        try {
          HttpResponse<String> ready =
              http.send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
          if (ready.statusCode() == 200) {
            return;
          }
        } catch (IOException notYet) {
          // not listening yet
        }
        Thread.sleep(250);
      }
      throw new IllegalStateException(
          "node " + name + " not ready in 90 s; see " + log.toAbsolutePath());
    }

    /** {@code request} sent to this node: only the path of its URI is kept. */
    HttpResponse<String> send(HttpRequest.Builder request) {
      HttpRequest built = request.build();
      HttpRequest.Builder to =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + built.uri().getPath()));
      built.headers().map().forEach((k, vs) -> vs.forEach(v -> to.header(k, v)));
      to.method(built.method(), built.bodyPublisher().orElse(HttpRequest.BodyPublishers.noBody()));
      try {
        return http.send(to.build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
