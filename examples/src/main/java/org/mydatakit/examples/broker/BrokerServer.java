package org.mydatakit.examples.broker;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.keys.VerificationKeySet;

/**
 * A sample broker HTTP server over a {@link ConsentBroker}, on the JDK's {@code HttpServer}, bound
 * to 127.0.0.1.
 *
 * <pre>{@code
 * try (BrokerServer server = BrokerServer.start(
 *     BrokerServer.Config.builder()
 *         .broker(baseUrl -> ConsentBroker.builder()...statusListUri(baseUrl.resolve("/status/1")).build())
 *         .signingKeys(brokerKeys)
 *         .consumer(AgencyId.of("KB-BANK"), bankPublicKeys)
 *         .build())) {
 *   URI jwks = URI.create(server.baseUrl() + "/.well-known/jwks.json");
 * }
 * }</pre>
 *
 * <p>Endpoints: {@code POST /consents}, {@code GET /consents/{id}}, {@code POST
 * /consents/{id}/approve|reject|pause|resume|revoke}, {@code GET /consents/{id}/receipts}, {@code
 * POST /grants}, {@code POST /fetches}, {@code GET /citizen/consents}, {@code GET
 * /citizen/history}, {@code GET /.well-known/jwks.json}, {@code GET /status/1}, and the verifiable
 * audit log's {@code GET /log/checkpoint}, {@code GET /log/consistency?old=N&new=M}, {@code GET
 * /log/key} and {@code POST /log/cosignature?size=N} (unauthenticated: what witnesses and auditors
 * read; a cosignature is kept only if a witness the broker was configured with made it). Consumers
 * authenticate with a {@code private_key_jwt} client assertion (RFC 7523) whose {@code aud} is
 * {@code baseUrl + "/grants"}; grants are bound to the key of the request's DPoP proof (RFC 9449);
 * the library checks both ({@code ClientAssertionVerifier}, {@code DpopProofVerifier}). Errors are
 * RFC 9457 problem details with stock titles and never echo the request.
 *
 * <p><b>A sample, not a deployment.</b> It speaks plain HTTP on loopback: a real broker runs behind
 * TLS. The citizen is named by the {@code X-Citizen-Ci} header (and, for approval and for the
 * request, the {@code citizen} member of the body): a stand-in for an authenticated citizen session
 * — a real deployment receives the CI from its identity provider, over TLS, never from the client.
 * Replay caches and the record of issued grants are in memory: run one node. Nothing it logs names
 * a citizen, a grant, a proof or an assertion.
 */
public final class BrokerServer implements AutoCloseable {
  static final String JWKS_PATH = "/.well-known/jwks.json";
  static final String STATUS_PATH = "/status/1";

  private final HttpServer server;
  private final ExecutorService executor;
  private final String baseUrl;
  private final ConsentBroker broker;

  /** What the endpoints share. */
  record Context(
      ConsentBroker broker, SigningKeySet keys, Clock clock, String baseUrl, Callers callers) {}

  private BrokerServer(Config config) throws IOException {
    server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port), 0);
    baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
    broker = Objects.requireNonNull(config.broker.apply(URI.create(baseUrl)), "broker");
    Context ctx =
        new Context(
            broker,
            config.keys,
            config.clock,
            baseUrl,
            new Callers(config.consumers, baseUrl + "/grants", config.clock));
    server.createContext("/consents", new ConsentEndpoint(ctx));
    GrantEndpoint grants = new GrantEndpoint(ctx);
    server.createContext("/grants", grants);
    server.createContext("/fetches", grants);
    server.createContext("/citizen/", new CitizenEndpoint(ctx));
    server.createContext("/log/", new LogEndpoint(ctx));
    server.createContext("/", new KeysEndpoint(ctx)); // the JWKS, the status list, else 404
    executor =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "broker-server");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
  }

  /** Starts a server; {@link #close()} stops it. */
  public static BrokerServer start(Config config) {
    try {
      BrokerServer s = new BrokerServer(Objects.requireNonNull(config, "config"));
      s.server.start();
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException("broker server: cannot bind the port", e);
    }
  }

  /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
  public String baseUrl() {
    return baseUrl;
  }

  /** The broker behind the server. */
  public ConsentBroker broker() {
    return broker;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  @Override
  public String toString() {
    return "BrokerServer[" + baseUrl + "]";
  }

  /** What the server serves and whom it trusts. Build with {@link #builder()}. */
  public static final class Config {
    final Function<URI, ConsentBroker> broker;
    final SigningKeySet keys;
    final Map<AgencyId, VerificationKeySet> consumers;
    final int port;
    final Clock clock;

    private Config(Builder b) {
      this.broker = Objects.requireNonNull(b.broker, "config: expected a broker");
      this.keys = Objects.requireNonNull(b.keys, "config: expected the broker's signing keys");
      if (b.consumers.isEmpty()) {
        throw new IllegalArgumentException("config: expected at least one registered consumer");
      }
      this.consumers = Map.copyOf(b.consumers);
      this.port = b.port;
      this.clock = b.clock;
    }

    public static Builder builder() {
      return new Builder();
    }

    /** Configures a {@link Config}; validated at {@link #build()}. */
    public static final class Builder {
      private Function<URI, ConsentBroker> broker;
      private SigningKeySet keys;
      private final Map<AgencyId, VerificationKeySet> consumers = new LinkedHashMap<>();
      private int port;
      private Clock clock = Clock.systemUTC();

      private Builder() {}

      /** The broker to serve. */
      public Builder broker(ConsentBroker broker) {
        Objects.requireNonNull(broker, "broker");
        this.broker = baseUrl -> broker;
        return this;
      }

      /**
       * Builds the broker once the port is bound, from the server's base URL: the way to point the
       * grants' status-list URI at this server ({@code baseUrl.resolve("/status/1")}).
       */
      public Builder broker(Function<URI, ConsentBroker> factory) {
        this.broker = Objects.requireNonNull(factory, "broker factory");
        return this;
      }

      /**
       * The broker's signing keys (the same set the broker signs with); the JWKS serves their
       * public half.
       */
      public Builder signingKeys(SigningKeySet keys) {
        this.keys = Objects.requireNonNull(keys, "signing keys");
        return this;
      }

      /** Registers a consumer and the public keys its client assertions are signed with. */
      public Builder consumer(AgencyId consumer, VerificationKeySet clientKeys) {
        consumers.put(
            Objects.requireNonNull(consumer, "consumer"),
            Objects.requireNonNull(clientKeys, "client keys"));
        return this;
      }

      /** Registers every consumer of {@code registered}. */
      public Builder consumers(Map<AgencyId, VerificationKeySet> registered) {
        registered.forEach(this::consumer);
        return this;
      }

      /** The loopback port; 0 (the default) picks a free one. */
      public Builder port(int port) {
        if (port < 0 || port > 65535) {
          throw new IllegalArgumentException("port: expected 0 to 65535, got " + port);
        }
        this.port = port;
        return this;
      }

      /** The clock for assertion and proof freshness; the system clock by default. */
      public Builder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
      }

      public Config build() {
        return new Config(this);
      }
    }
  }
}
