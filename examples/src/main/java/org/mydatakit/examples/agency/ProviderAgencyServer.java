package org.mydatakit.examples.agency;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import okhttp3.OkHttpClient;
import org.mydatakit.keys.VerificationKeySet;
import org.mydatakit.provider.HttpJwksSource;
import org.mydatakit.provider.HttpStatusListSource;
import org.mydatakit.provider.ProviderGate;
import org.mydatakit.provider.ProviderGateHandler;
import org.mydatakit.status.StatusLists;

/**
 * A sample provider agency (보유기관): serves {@code GET /mydata/v1/items/{itemCode}?from&to} of the
 * provider agency profile on 127.0.0.1 behind the provider kit's {@link ProviderGate} — the
 * broker's keys from its JWKS over HTTP, the consent's status from its signed status list over HTTP
 * (cached for the list's {@code ttl}, so a revoke reaches the agency within it), one delivery per
 * grant and item, the record filtered by the consent's (or the requested) date range, and a signed
 * delivery receipt on each delivery.
 *
 * <pre>{@code
 * try (ProviderAgencyServer nhis = ProviderAgencyServer.start(config)) {
 *   ProviderDirectory directory = ProviderDirectory.of(Map.of(AgencyId.of("NHIS"), nhis.baseUrl()));
 *   ...
 * }
 * }</pre>
 *
 * <p>The broker must be reachable at start (its JWKS is loaded then). The citizen is found by the
 * grant's pairwise subject, computed at start from the provider key over the agency's own citizens.
 * Answers are {@code 200 {"item","subject","issuedAt","data"}} with {@code X-Api-Tran-Id} echoed,
 * or RFC 9457 problems (400, 401, 403, 404, 405, 503). Nothing is logged but item, status, reason
 * and transaction id. Thread-safe; {@link #close()} stops it.
 */
public final class ProviderAgencyServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService pool;
  private final OkHttpClient http;
  private final URI baseUrl;
  private final VerificationKeySet receiptKeys;

  private ProviderAgencyServer(AgencyConfig config) throws IOException {
    http =
        new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(2))
            .readTimeout(Duration.ofSeconds(5))
            .callTimeout(Duration.ofSeconds(10))
            .followRedirects(false)
            .build();
    HttpJwksSource jwks =
        HttpJwksSource.builder(http, config.jwksUri())
            .minRefreshInterval(config.jwksMinRefresh)
            .build();
    ProviderGate gate =
        ProviderGate.builder()
            .trustedIssuer(config.issuer, jwks)
            .audience(config.agency)
            .revocationCheck(
                StatusLists.builder()
                    .source(HttpStatusListSource.of(http))
                    .trustedIssuer(config.issuer, jwks)
                    .maxAge(config.statusMaxAge)
                    .clock(config.clock)
                    .build())
            .serves(config.records.items())
            .receiptKeys(config.receiptKeys)
            .clock(config.clock)
            .build();
    receiptKeys = config.receiptKeys.verificationKeys();
    server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port), 0);
    baseUrl = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    pool = Executors.newFixedThreadPool(4);
    server.setExecutor(pool);
    server.createContext("/", ProviderGateHandler.of(gate, baseUrl, new RecordsOf(config)));
    server.start();
  }

  /**
   * Starts the agency on 127.0.0.1.
   *
   * @throws IOException if the port cannot be bound
   * @throws java.io.UncheckedIOException if the broker's JWKS cannot be loaded
   */
  public static ProviderAgencyServer start(AgencyConfig config) throws IOException {
    return new ProviderAgencyServer(config);
  }

  /** Where the agency serves, e.g. {@code http://127.0.0.1:41234}: its provider directory entry. */
  public URI baseUrl() {
    return baseUrl;
  }

  /** The public keys of this agency's delivery receipts, for the broker's {@code providerKeys}. */
  public VerificationKeySet receiptKeys() {
    return receiptKeys;
  }

  /** Stops serving and releases the threads and connections. */
  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  @Override
  public String toString() {
    return "ProviderAgencyServer[" + baseUrl + "]";
  }
}
