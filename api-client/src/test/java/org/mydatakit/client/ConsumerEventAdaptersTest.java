package org.mydatakit.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mydatakit.events.ConsentEvent;
import org.mydatakit.events.ConsentEventType;

/** The consumer's receiver behind the Servlet (in Jetty) and the JDK HttpServer handler. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsumerEventAdaptersTest {
  private final BrokerEvents broker = new BrokerEvents();
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<String> revoked = new CopyOnWriteArrayList<>();
  private final AtomicBoolean vaultDown = new AtomicBoolean();
  private final ConsumerEventListener listener =
      new ConsumerEventListener() {
        @Override
        public void onRevoked(ConsentEvent event) {
          revoked.add(event.consentId().toString());
        }

        @Override
        public void onRetentionEnded(ConsentEvent event) {
          if (vaultDown.get()) {
            throw new IllegalStateException("vault down");
          }
        }
      };
  private HttpServer jdk;
  private Server jetty;

  private ConsumerEventReceiver receiver() {
    return ConsumerEventReceiver.builder()
        .trustedIssuer(BrokerEvents.ISSUER, broker.keys.verificationKeys())
        .audience(BrokerEvents.BANK)
        .listener(listener)
        .build();
  }

  @BeforeAll
  void start() throws Exception {
    jdk = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    jdk.createContext("/mydata/events", ConsumerEventHandler.of(receiver()));
    jdk.start();
    jetty = new Server(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(ConsumerEventServlet.of(receiver())), "/mydata/events");
    jetty.setHandler(context);
    jetty.start();
  }

  @AfterAll
  void stop() throws Exception {
    jdk.stop(0);
    jetty.stop();
  }

  @BeforeEach
  void reset() {
    revoked.clear();
    vaultDown.set(false);
  }

  Stream<URI> endpoints() {
    return Stream.of(
        URI.create("http://127.0.0.1:" + jdk.getAddress().getPort() + "/mydata/events"),
        URI.create(
            "http://127.0.0.1:"
                + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort()
                + "/mydata/events"));
  }

  private HttpResponse<String> post(URI uri, String contentType, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @ParameterizedTest
  @MethodSource("endpoints")
  void aPushIsAcknowledgedOnceHandledAndRefusalsCarryTheirError(URI uri) throws Exception {
    String set = broker.set(ConsentEventType.CONSENT_REVOKED, 2);
    assertThat(post(uri, BrokerEvents.CONTENT_TYPE, set).statusCode()).isEqualTo(202);
    assertThat(post(uri, BrokerEvents.CONTENT_TYPE, set).statusCode()).isEqualTo(202);
    assertThat(revoked).containsExactly(broker.consentId.toString());

    HttpResponse<String> wrongType = post(uri, "text/plain", set);
    assertThat(wrongType.statusCode()).isEqualTo(400);
    JsonNode body = BrokerEvents.JSON.readTree(wrongType.body());
    assertThat(body.path("err").asText()).isEqualTo("invalid_request");
    HttpResponse<String> forAnother =
        post(
            uri,
            BrokerEvents.CONTENT_TYPE,
            broker.set(ConsentEventType.CONSENT_REVOKED, 2, c -> c.put("aud", "NH-BANK")));
    assertThat(BrokerEvents.JSON.readTree(forAnother.body()).path("err").asText())
        .isEqualTo("invalid_audience");
    HttpResponse<String> get =
        http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
  }

  @ParameterizedTest
  @MethodSource("endpoints")
  void aFailedCallbackIsAnswered503AndTheRetryIsAcknowledged(URI uri) throws Exception {
    String set = broker.set(ConsentEventType.RETENTION_ENDED, 3);
    vaultDown.set(true);
    assertThat(post(uri, BrokerEvents.CONTENT_TYPE, set).statusCode()).isEqualTo(503);
    vaultDown.set(false);
    assertThat(post(uri, BrokerEvents.CONTENT_TYPE, set).statusCode()).isEqualTo(202);
  }
}
