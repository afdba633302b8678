package org.mydatakit.provider;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gate as a JDK {@link com.sun.net.httpserver.HttpServer} handler: every request goes through
 * {@link ProviderGate#admit}; a refusal is answered with its problem, an admission is handed to the
 * agency's {@link RecordSource} and its records are answered {@code 200} with the transaction id
 * echoed, {@code Cache-Control: no-store} and, when the gate signs receipts, the {@code
 * MyData-Receipt} header.
 *
 * <pre>{@code
 * HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 8443), 0);
 * server.createContext("/mydata/v1/items/",
 *     ProviderGateHandler.of(gate, URI.create("https://api.nts.example"), admission ->
 *         Records.json(registry.incomeJson(admission.grant().subject(), admission.range()), 1)));
 * server.start();
 * }</pre>
 *
 * <p>Logs one line per request: agency-free, with the item, status, reason and transaction id.
 */
public final class ProviderGateHandler implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderGateHandler.class);

  /** Finds the records an admission may deliver. */
  @FunctionalInterface
  public interface RecordSource {
    /**
     * The records of {@link Admission#item()} for the grant's subject within {@link
     * Admission#range()}, or {@link Records#none()}.
     *
     * @throws IOException if the agency's own systems fail (answered {@code 500})
     */
    Records find(Admission admission) throws IOException;
  }

  private final ProviderGate gate;
  private final String baseUrl;
  private final RecordSource source;

  private ProviderGateHandler(ProviderGate gate, URI baseUrl, RecordSource source) {
    this.gate = gate;
    this.baseUrl = baseUrl.toString().replaceAll("/+$", "");
    this.source = source;
  }

  /**
   * A handler in front of {@code source}; {@code baseUrl} is this agency's public scheme, host and
   * port, which the request's path and query complete into the URL the DPoP proof must name.
   */
  public static ProviderGateHandler of(ProviderGate gate, URI baseUrl, RecordSource source) {
    return new ProviderGateHandler(
        Objects.requireNonNull(gate, "gate"),
        Objects.requireNonNull(baseUrl, "base url"),
        Objects.requireNonNull(source, "record source"));
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      ProviderRequest.Builder request =
          ProviderRequest.builder()
              .method(exchange.getRequestMethod())
              .url(URI.create(baseUrl + exchange.getRequestURI().toString()));
      for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
        for (String value : header.getValue()) {
          request.header(header.getKey(), value);
        }
      }
      Answer answer = answer(request.build());
      answer.send(exchange);
      LOG.info(
          "{} -> {} {} (tran {})",
          answer.item,
          answer.status,
          answer.reason == null ? "" : answer.reason,
          answer.transactionId);
    } catch (IllegalArgumentException | IllegalStateException e) {
      Answer.of(Refusal.of(Refusal.Reason.NOT_FOUND, null), null).send(exchange);
    } finally {
      exchange.close();
    }
  }

  private Answer answer(ProviderRequest request) {
    ProviderGate.Decision decision = gate.admit(request);
    if (decision instanceof Refusal refusal) {
      return Answer.of(refusal, null);
    }
    Admission admission = (Admission) decision;
    Records records;
    try {
      records = source.find(admission);
    } catch (IOException | RuntimeException e) {
      LOG.error("{}: record source failed with {}", admission.item(), e.getClass().getName());
      return Answer.of(
          Refusal.of(Refusal.Reason.INTERNAL_ERROR, admission.transactionId()), admission);
    }
    if (records == null || records.isNone()) {
      return Answer.of(admission.noRecord(), admission);
    }
    return Answer.delivered(gate, admission, records);
  }

  /** One answer on the wire. */
  private static final class Answer {
    final int status;
    final String reason;
    final String item;
    final String transactionId;
    final Map<String, String> headers;
    final byte[] body;

    private Answer(
        int status,
        String reason,
        String item,
        String transactionId,
        Map<String, String> headers,
        byte[] body) {
      this.status = status;
      this.reason = reason;
      this.item = item;
      this.transactionId = transactionId;
      this.headers = headers;
      this.body = body;
    }

    static Answer of(Refusal refusal, Admission admission) {
      return new Answer(
          refusal.status(),
          refusal.code(),
          admission == null ? null : admission.item().value(),
          refusal.headers().get("X-Api-Tran-Id"),
          refusal.headers(),
          refusal.problem().getBytes(StandardCharsets.UTF_8));
    }

    static Answer delivered(ProviderGate gate, Admission admission, Records records) {
      return new Answer(
          200,
          null,
          admission.item().value(),
          admission.transactionId(),
          gate.deliveryHeaders(admission, records),
          records.body());
    }

    void send(HttpExchange exchange) throws IOException {
      headers.forEach(exchange.getResponseHeaders()::set);
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
