package org.mydatakit.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mydatakit.events.ConsentEventType;
import org.mydatakit.grant.InvalidGrantException;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;

/**
 * The receiver behind both adapters over real sockets — the Servlet in Jetty and the JDK HttpServer
 * handler — answering as RFC 8935 says, and its gate refusing what it was told.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsentEventAdaptersTest {
  private final GateFixture f = new GateFixture();
  private final EventSets sets = new EventSets(f);
  private final HttpClient http = HttpClient.newHttpClient();
  private final ConsentEventReceiver jdkEvents = receiver();
  private final ConsentEventReceiver jettyEvents = receiver();
  private HttpServer jdk;
  private Server jetty;

  private ConsentEventReceiver receiver() {
    return ConsentEventReceiver.builder()
        .trustedIssuer(GateFixture.ISSUER, f.brokerKeys.verificationKeys())
        .audience(GateFixture.SELF)
        .build();
  }

  @BeforeAll
  void start() throws Exception {
    jdk = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    jdk.createContext("/mydata/events", ConsentEventHandler.of(jdkEvents));
    jdk.start();
    jetty = new Server(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(ConsentEventServlet.of(jettyEvents)), "/mydata/events");
    jetty.setHandler(context);
    jetty.start();
  }

  @AfterAll
  void stop() throws Exception {
    jdk.stop(0);
    jetty.stop();
  }

  Stream<Endpoint> endpoints() {
    return Stream.of(
        new Endpoint(
            "jdk",
            URI.create("http://127.0.0.1:" + jdk.getAddress().getPort() + "/mydata/events"),
            jdkEvents),
        new Endpoint(
            "servlet",
            URI.create(
                "http://127.0.0.1:"
                    + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort()
                    + "/mydata/events"),
            jettyEvents));
  }

  record Endpoint(String name, URI uri, ConsentEventReceiver receiver) {
    @Override
    public String toString() {
      return name;
    }
  }

  private HttpResponse<String> post(URI uri, String contentType, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri)
            .header("Content-Type", contentType)
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void assertError(HttpResponse<String> response, String err) throws Exception {
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    JsonNode body = GateFixture.JSON.readTree(response.body());
    assertThat(body.path("err").asText()).isEqualTo(err);
    assertThat(body.path("description").asText()).isNotBlank().doesNotContain("eyJ");
  }

  @ParameterizedTest
  @MethodSource("endpoints")
  void aPushedRevocationIsAcceptedAndTheGateRefusesAtOnce(Endpoint endpoint) throws Exception {
    ProviderGate gate = f.gateBuilder().consentEvents(endpoint.receiver()).build();
    String set = sets.set(ConsentEventType.CONSENT_REVOKED, 2);
    HttpResponse<String> response = post(endpoint.uri(), EventSets.CONTENT_TYPE, set);
    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.body()).isEmpty();
    assertThat(post(endpoint.uri(), EventSets.CONTENT_TYPE, set).statusCode()).isEqualTo(202);
    Refusal refusal = (Refusal) gate.admit(f.request(f.grant()));
    assertThat(refusal.grantReason()).contains(InvalidGrantException.Reason.REVOKED);
  }

  @ParameterizedTest
  @MethodSource("endpoints")
  void everyBadPushIsAnsweredWithItsRfc8935Error(Endpoint endpoint) throws Exception {
    URI uri = endpoint.uri();
    String good = sets.set(ConsentEventType.CONSENT_PAUSED, 2);
    assertError(post(uri, "application/json", good), "invalid_request");
    assertError(post(uri, "text/plain", good), "invalid_request");
    assertError(post(uri, EventSets.CONTENT_TYPE, "x".repeat(40_000)), "invalid_request");
    assertError(
        post(uri, EventSets.CONTENT_TYPE, good.substring(0, good.length() - 4) + "AAAA"),
        "invalid_key");
    assertError(
        post(
            uri,
            EventSets.CONTENT_TYPE,
            EventSets.signWith(
                SigningKeySet.generate(SigningAlgorithm.ES256),
                sets.claims(f.consentId, ConsentEventType.CONSENT_PAUSED, 2, "j-1"))),
        "invalid_key");
    assertError(
        post(
            uri,
            EventSets.CONTENT_TYPE,
            sets.set(ConsentEventType.CONSENT_PAUSED, 2, c -> c.put("aud", "NHIS"))),
        "invalid_audience");
    assertError(
        post(
            uri,
            EventSets.CONTENT_TYPE,
            sets.set(ConsentEventType.CONSENT_PAUSED, 2, c -> c.put("iss", "https://x.example"))),
        "invalid_issuer");
    for (String malformed :
        List.of(
            sets.set(
                ConsentEventType.CONSENT_PAUSED,
                2,
                c -> {
                  ObjectNode events = (ObjectNode) c.get("events");
                  events.set(
                      ConsentEventType.NAMESPACE + "consent-frozen",
                      events.remove(ConsentEventType.CONSENT_PAUSED.uri()));
                }),
            sets.set(ConsentEventType.CONSENT_PAUSED, 2, c -> c.remove("events")),
            sets.set(
                ConsentEventType.CONSENT_PAUSED,
                2,
                c ->
                    ((ObjectNode) c.get("events"))
                        .set(
                            ConsentEventType.CONSENT_REVOKED.uri(),
                            c.get("events").get(ConsentEventType.CONSENT_PAUSED.uri()))))) {
      assertError(post(uri, EventSets.CONTENT_TYPE, malformed), "invalid_request");
    }
    HttpResponse<String> get =
        http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).contains("POST");
    assertThat(endpoint.receiver().refusal(f.consentId)).isEmpty();
  }
}
