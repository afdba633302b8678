package org.mydatakit.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.log.Checkpoint;
import org.mydatakit.log.MerkleTree;
import org.mydatakit.log.NoteSigner;

/**
 * A log at the sample broker's URLs ({@code /log/checkpoint}, {@code /log/consistency}, {@code POST
 * /log/cosignature}) on the JDK's HTTP server, serving whichever {@link Log} it is given: a real
 * broker, or an attacker's log signed with the same key.
 */
final class LogServer implements AutoCloseable {
  /** What the server serves. */
  interface Log {
    String checkpoint();

    /** The log's key as served at /log/key; by default none (404). */
    default String key() {
      throw new Answer(404, null);
    }

    List<byte[]> consistency(long oldSize, long newSize);

    String addCosignature(long size, String line);
  }

  /** An answer other than 200, on purpose. */
  static final class Answer extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String location;

    Answer(int status, String location) {
      super("http " + status, null, false, false);
      this.status = status;
      this.location = location;
    }
  }

  /** A real broker's log. */
  static Log of(ConsentBroker broker) {
    return new Log() {
      @Override
      public String checkpoint() {
        return broker.checkpoint();
      }

      @Override
      public String key() {
        return broker.logKey().toString();
      }

      @Override
      public List<byte[]> consistency(long oldSize, long newSize) {
        return broker.logConsistency(oldSize, newSize);
      }

      @Override
      public String addCosignature(long size, String line) {
        return broker.addCosignature(size, line);
      }
    };
  }

  /** A log of {@code leaves} signed with {@code key}: what a log operator with the key can make. */
  static Log forged(List<byte[]> leaves, NoteSigner key) {
    List<byte[]> tree = List.copyOf(leaves);
    return new Log() {
      @Override
      public String checkpoint() {
        return key.sign(
            Checkpoint.of(key.verifierKey().name(), tree.size(), MerkleTree.root(tree)).text());
      }

      @Override
      public String key() {
        return key.verifierKey().toString();
      }

      @Override
      public List<byte[]> consistency(long oldSize, long newSize) {
        return MerkleTree.consistencyProof(tree.subList(0, (int) newSize), (int) oldSize);
      }

      @Override
      public String addCosignature(long size, String line) {
        throw new IllegalArgumentException("a forged log keeps no cosignature");
      }
    };
  }

  private final HttpServer server;
  private volatile Log log;
  volatile int requests;

  LogServer(Log log) {
    this.log = log;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/log/", this::handle);
    server.start();
  }

  /** Serves {@code log} from now on. */
  void serve(Log log) {
    this.log = log;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      requests++;
      Map<String, String> query = new HashMap<>();
      String raw = ex.getRequestURI().getRawQuery();
      if (raw != null) {
        for (String pair : raw.split("&")) {
          String[] kv = pair.split("=", 2);
          query.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
      }
      String body;
      try {
        body =
            switch (ex.getRequestURI().getPath()) {
              case "/log/checkpoint" -> log.checkpoint();
              case "/log/key" -> log.key();
              case "/log/consistency" -> {
                StringBuilder b = new StringBuilder();
                log.consistency(Long.parseLong(query.get("old")), Long.parseLong(query.get("new")))
                    .forEach(h -> b.append(Base64.getEncoder().encodeToString(h)).append('\n'));
                yield b.toString();
              }
              case "/log/cosignature" ->
                  log.addCosignature(
                      Long.parseLong(query.get("size")),
                      new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
              default -> throw new Answer(404, null);
            };
      } catch (Answer a) {
        if (a.location != null) {
          ex.getResponseHeaders().set("Location", a.location);
        }
        ex.sendResponseHeaders(a.status, -1);
        return;
      } catch (RuntimeException e) {
        ex.sendResponseHeaders(400, -1);
        return;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      ex.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        ex.getResponseBody().write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
