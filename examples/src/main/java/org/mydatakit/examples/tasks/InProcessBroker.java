package org.mydatakit.examples.tasks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.broker.InMemoryConsentStore;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.PairwiseSubjects;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;

/**
 * A {@link ConsentBroker} in this process whose JWKS ({@code /.well-known/jwks.json}) and status
 * list ({@code /status/1}) are served over HTTP on 127.0.0.1, so that provider agencies fetch them
 * as they would from a real broker. Its {@code iss} is its base URL.
 *
 * <pre>{@code
 * try (InProcessBroker broker = InProcessBroker.start(Duration.ofSeconds(1))) {
 *   Consent consent = broker.approvedConsent(AgencyId.of("KB-BANK"), nhisQualification);
 *   byte[] nhisKey = broker.providerKey(AgencyId.of("NHIS"));   // the agency's onboarding key
 * }
 * }</pre>
 *
 * <p>For samples and tests only: the pairwise master secret is random per instance and the store is
 * in memory.
 */
public final class InProcessBroker implements AutoCloseable {
  private final HttpServer server;
  private final URI baseUrl;
  private final PairwiseSubjects subjects;
  private final ConsentBroker broker;

  private InProcessBroker(Duration statusListTtl) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    baseUrl = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    SigningKeySet keys = SigningKeySet.generate(SigningAlgorithm.ES256);
    byte[] masterSecret = new byte[32];
    new SecureRandom().nextBytes(masterSecret);
    subjects = PairwiseSubjects.of(masterSecret);
    broker =
        ConsentBroker.builder()
            .store(new InMemoryConsentStore())
            .signingKeys(keys)
            .issuer(baseUrl.toString())
            .pairwiseSubjects(subjects)
            .statusListUri(URI.create(baseUrl + "/status/1"))
            .statusListTtl(statusListTtl)
            .build();
    String jwks = keys.verificationKeys().toJson();
    server.createContext(
        "/.well-known/jwks.json", ex -> send(ex, "application/jwk-set+json", jwks));
    server.createContext(
        "/status/1", ex -> send(ex, "application/statuslist+jwt", broker.statusList()));
    server.start();
  }

  /** Starts a broker whose status list providers may cache for {@code statusListTtl}. */
  public static InProcessBroker start(Duration statusListTtl) throws IOException {
    return new InProcessBroker(statusListTtl);
  }

  /** The broker itself: issue grants, revoke, read the access history. */
  public ConsentBroker broker() {
    return broker;
  }

  /** The broker's base URL, which is also its {@code iss}. */
  public URI baseUrl() {
    return baseUrl;
  }

  /** The pairwise-subject key {@code agency} receives at onboarding (a fresh array; a secret). */
  public byte[] providerKey(AgencyId agency) {
    return subjects.providerKey(agency);
  }

  /** Requests and approves a one-time consent of the fictional citizen 홍길동 for {@code items}. */
  public Consent approvedConsent(AgencyId consumer, DataItem... items) {
    return SampleConsents.approved(broker, consumer, items);
  }

  /** Requests and approves a consent of 홍길동 for {@code items} with {@code delivery}. */
  public Consent approvedConsent(AgencyId consumer, Delivery delivery, DataItem... items) {
    return SampleConsents.approved(broker, consumer, delivery, items);
  }

  private static void send(HttpExchange exchange, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

  @Override
  public String toString() {
    return "InProcessBroker[" + baseUrl + "]";
  }
}
