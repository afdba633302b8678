package org.mydatakit.provider;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.mydatakit.internal.JwsSigning;
import org.mydatakit.keys.SigningKeySet;

/**
 * A broker on 127.0.0.1 whose published documents the test changes while the verifier runs: each
 * path answers a body with headers, and every request is counted by path.
 */
final class LocalBroker implements AutoCloseable {
  static final String ISSUER = "https://broker.example";
  static final ObjectMapper JSON = new ObjectMapper();

  record Page(int status, String body, Map<String, String> headers, boolean chunked) {}

  private final HttpServer server;
  private final Map<String, Page> pages = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

  LocalBroker() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
          Page page = pages.getOrDefault(path, new Page(404, "", Map.of(), false));
          page.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
          byte[] body = page.body().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(page.status(), page.chunked() ? 0 : body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          } catch (IOException e) {
            // the client stopped reading: expected of a size cap
          }
          exchange.close();
        });
    server.start();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  void serve(String path, Page page) {
    pages.put(path, page);
  }

  void serve(String path, String body, Map<String, String> headers) {
    serve(path, new Page(200, body, headers, false));
  }

  /** Publishes {@code keys}' public set at /jwks.json with {@code max-age} seconds (or none). */
  void publishKeys(SigningKeySet keys, long maxAge) {
    serve(
        "/jwks.json",
        keys.verificationKeys().toJson(),
        maxAge < 0 ? Map.of() : Map.of("Cache-Control", "max-age=" + maxAge));
  }

  int hits(String path) {
    AtomicInteger n = hits.get(path);
    return n == null ? 0 : n.get();
  }

  /** A grant for NHIS signed by {@code keys}' current key, issued at {@code now}. */
  static String grant(SigningKeySet keys, Instant now, String jti) {
    ObjectNode c = JSON.createObjectNode();
    long t = now.getEpochSecond();
    c.put("iss", ISSUER);
    c.put("aud", "NHIS");
    c.put("sub", "c3ViamVjdC1hdC1uaGlzLWZvci10ZXN0LW9ubHktMDAx");
    c.put("azp", "KB-BANK");
    c.put("cid", "0190b8c2-7d3e-7abc-8def-0123456789ab");
    c.put("scope", "nhis.qualification");
    c.put("pur", "loan-screening");
    c.put("iat", t - 10);
    c.put("nbf", t - 10);
    c.put("exp", t + 290);
    c.put("jti", jti);
    c.putObject("cnf").put("jkt", "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I");
    return JwsSigning.current(keys.exportPrivateJwks())
        .sign("mydata-grant+jwt", c.toString(), false);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
