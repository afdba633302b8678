package org.mydatakit.store.jdbc;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.events.InvalidSecurityEventException;
import org.mydatakit.events.SecurityEventTokens;
import org.mydatakit.keys.VerificationKeySet;

/**
 * The agencies' event endpoints on loopback ({@code /events/<agency id>}), for {@link
 * DispatcherCrashTest}: each request's SET is verified as its agency would verify it and recorded
 * in arrival order. While holding, a request is never answered (the dispatcher that sent it waits
 * for its timeout); once told to {@link #answer}, each is acknowledged with {@code 202}.
 */
final class HoldingReceiver implements AutoCloseable {
  private static final String PATH = "/events/";

  /**
   * One request, in arrival order.
   *
   * @param answered whether it was acknowledged (recorded before the {@code 202} went out)
   */
  record Arrival(AgencyId agency, String jti, ConsentId consentId, String token, boolean answered) {
    @Override
    public String toString() {
      return "Arrival[" + agency.value() + ", " + jti + ", answered " + answered + "]";
    }
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final Map<AgencyId, SecurityEventTokens.Verifier> verifiers = new HashMap<>();
  private final List<Arrival> arrivals = new ArrayList<>();
  private final List<String> refused = new ArrayList<>();
  private final Semaphore held = new Semaphore(0);
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile boolean holding = true;

  HoldingReceiver(VerificationKeySet keys, String issuer, Collection<AgencyId> agencies)
      throws IOException {
    for (AgencyId agency : agencies) {
      verifiers.put(agency, SecurityEventTokens.verifier(keys, issuer, agency));
    }
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(PATH, this::handle);
    server.setExecutor(threads);
    server.start();
  }

  /** The endpoints' common prefix; an agency's endpoint is this followed by its id. */
  String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
  }

  /** Waits until {@code n} requests are being held. */
  boolean awaitHeld(int n, Duration max) throws InterruptedException {
    return held.tryAcquire(n, max.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** From now on, acknowledges every request; those held stay unanswered. */
  void answer() {
    holding = false;
  }

  synchronized List<Arrival> arrivals() {
    return List.copyOf(arrivals);
  }

  /** The requests whose SET did not verify, by agency and reason. */
  synchronized List<String> refused() {
    return List.copyOf(refused);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      AgencyId agency = AgencyId.of(exchange.getRequestURI().getPath().substring(PATH.length()));
      String token =
          new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.US_ASCII);
      SecurityEventTokens.Verified verified;
      try {
        verified = verifiers.get(agency).verify(token);
      } catch (InvalidSecurityEventException e) {
        synchronized (this) {
          refused.add(agency.value() + ": " + e.code());
        }
        byte[] answer = ("{\"err\":\"" + e.code().err() + "\"}").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(400, answer.length);
        exchange.getResponseBody().write(answer);
        return;
      }
      boolean answered;
      synchronized (this) {
        answered = !holding;
        arrivals.add(
            new Arrival(agency, verified.jti(), verified.event().consentId(), token, answered));
      }
      if (!answered) {
        held.release();
        release.await(); // never answered: the sender is killed meanwhile
        return;
      }
      exchange.sendResponseHeaders(202, -1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    threads.shutdownNow();
  }
}
