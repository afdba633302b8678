package org.mydatakit.provider;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.mydatakit.events.PushAnswer;

/**
 * A {@link ConsentEventReceiver} as a JDK {@link com.sun.net.httpserver.HttpServer} handler: the
 * endpoint the broker pushes consent events to (RFC 8935).
 *
 * <pre>{@code
 * HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 8443), 0);
 * server.createContext("/mydata/events", ConsentEventHandler.of(events));
 * server.start();
 * }</pre>
 *
 * <p>Only {@code POST} with {@code Content-Type: application/secevent+jwt} is received, the rest
 * answered {@code 405} or {@code 400}. Thread-safe.
 */
public final class ConsentEventHandler implements HttpHandler {
  private final ConsentEventReceiver receiver;

  private ConsentEventHandler(ConsentEventReceiver receiver) {
    this.receiver = receiver;
  }

  /** A handler in front of {@code receiver}. */
  public static ConsentEventHandler of(ConsentEventReceiver receiver) {
    return new ConsentEventHandler(Objects.requireNonNull(receiver, "receiver"));
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      PushAnswer answer =
          receiver.receive(
              exchange.getRequestMethod(),
              exchange.getRequestHeaders().getFirst("Content-Type"),
              exchange.getRequestBody());
      send(exchange, answer);
    } finally {
      exchange.close();
    }
  }

  /** Sends {@code answer} on {@code exchange}. */
  private static void send(HttpExchange exchange, PushAnswer answer) throws IOException {
    answer.headers().forEach(exchange.getResponseHeaders()::set);
    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public String toString() {
    return "ConsentEventHandler[" + receiver + "]";
  }
}
