package org.mydatakit.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mydatakit.provider.GateFixture.ITEM;
import static org.mydatakit.provider.GateFixture.YEAR_2025;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mydatakit.grant.DeliveryReceipt;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;

/**
 * Both adapters over real sockets: the JDK HttpServer handler and the Servlet filter in Jetty,
 * delivering only the records inside the effective range, once per grant and item, with a receipt.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProviderAdaptersTest {
  /** The agency's records of one citizen: one payment per half year, 2024 to 2025. */
  static final List<LocalDate> PAYMENTS =
      List.of(
          LocalDate.of(2024, 3, 1),
          LocalDate.of(2024, 9, 1),
          LocalDate.of(2025, 3, 1),
          LocalDate.of(2025, 9, 1));

  private final GateFixture f = new GateFixture();
  private final SigningKeySet agencyKeys = SigningKeySet.generate(SigningAlgorithm.ES256);
  private final HttpClient http = HttpClient.newHttpClient();
  private HttpServer jdk;
  private Server jetty;
  private URI jdkBase;
  private URI jettyBase;

  static String json(List<LocalDate> dates) {
    return dates.stream().map(d -> "\"" + d + "\"").collect(Collectors.joining(",", "[", "]"));
  }

  @BeforeAll
  void start() throws Exception {
    jdk = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    jdkBase = URI.create("http://127.0.0.1:" + jdk.getAddress().getPort());
    ProviderGate jdkGate = f.gateBuilder().receiptKeys(agencyKeys).build();
    jdk.createContext(
        "/mydata/v1/items/",
        ProviderGateHandler.of(
            jdkGate,
            jdkBase,
            admission -> {
              List<LocalDate> kept = admission.filter(PAYMENTS, d -> d);
              return admission.item().value().equals("nts.tax-payment")
                  ? Records.none()
                  : Records.json(json(kept), kept.size());
            }));
    jdk.start();

    jetty = new Server(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    ServletContextHandler context = new ServletContextHandler();
    ProviderGate jettyGate = f.gateBuilder().receiptKeys(agencyKeys).build();
    context.addFilter(
        new FilterHolder(ProviderGateFilter.of(jettyGate)),
        "/mydata/v1/items/*",
        EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(
        new ServletHolder(
            new HttpServlet() {
              @Override
              protected void doGet(HttpServletRequest request, HttpServletResponse response)
                  throws IOException {
                Admission admission = ProviderGateFilter.admission(request);
                if (admission.item().value().equals("nts.tax-payment")) {
                  ProviderGateFilter.refuse(response, admission.noRecord());
                  return;
                }
                List<LocalDate> kept = admission.filter(PAYMENTS, d -> d);
                response.setContentType("application/json");
                response.getWriter().write(json(kept));
                ProviderGateFilter.recordCount(request, kept.size());
              }
            }),
        "/mydata/v1/items/*");
    jetty.setHandler(context);
    jetty.start();
    jettyBase =
        URI.create(
            "http://127.0.0.1:" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort());
  }

  @AfterAll
  void stop() throws Exception {
    jdk.stop(0);
    jetty.stop();
  }

  private HttpResponse<String> get(URI base, String grant, String item, String query, String key)
      throws Exception {
    URI url = URI.create(base + "/mydata/v1/items/" + item);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url + (query.isEmpty() ? "" : "?" + query)))
            .header("Authorization", "DPoP " + grant)
            .header("DPoP", f.consumerKey.proof("GET", url, grant))
            .header("X-Api-Tran-Id", "tran-" + UUID.randomUUID().toString().substring(0, 8));
    if (key != null) {
      request.header("Idempotency-Key", key);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void bothAdaptersDeliverOnlyTheConsentsRangeOnceWithAReceipt() throws Exception {
    for (URI base : List.of(jdkBase, jettyBase)) {
      String grant = f.grant(YEAR_2025);
      HttpResponse<String> first = get(base, grant, ITEM, "", "fetch-1");
      assertThat(first.statusCode()).as(base.toString()).isEqualTo(200);
      assertThat(first.body()).isEqualTo("[\"2025-03-01\",\"2025-09-01\"]");
      assertThat(first.headers().firstValue("Cache-Control")).contains("no-store");
      assertThat(first.headers().firstValue("X-Api-Tran-Id")).isPresent();
      String receipt = first.headers().firstValue(DeliveryReceipt.HEADER).orElseThrow();
      DeliveryReceipt confirmed =
          DeliveryReceipt.verifier(Map.of(GateFixture.SELF, agencyKeys.verificationKeys()))
              .verify(receipt, GateFixture.SELF);
      assertThat(confirmed.recordCount()).isEqualTo(2);
      assertThat(confirmed.range()).contains(YEAR_2025);
      assertThat(confirmed.bodySha256())
          .isEqualTo(DeliveryReceipt.sha256(first.body().getBytes(StandardCharsets.UTF_8)));

      HttpResponse<String> retry = get(base, grant, ITEM, "", "fetch-1");
      assertThat(retry.statusCode()).isEqualTo(200);
      assertThat(retry.body()).isEqualTo(first.body());

      HttpResponse<String> again = get(base, grant, ITEM, "", null);
      assertThat(again.statusCode()).isEqualTo(403);
      assertThat(problem(again).get("reason").asText()).isEqualTo("GRANT_USED");
      assertThat(again.headers().firstValue(DeliveryReceipt.HEADER)).isEmpty();
    }
  }

  @Test
  void bothAdaptersAnswerRefusalsWithTheirProblem() throws Exception {
    for (URI base : List.of(jdkBase, jettyBase)) {
      HttpResponse<String> outside = get(base, f.grant(YEAR_2025), ITEM, "from=2024-01-01", null);
      assertThat(outside.statusCode()).as(base.toString()).isEqualTo(403);
      assertThat(problem(outside).get("reason").asText()).isEqualTo("RANGE_NOT_ALLOWED");
      assertThat(outside.headers().firstValue("Content-Type")).contains("application/problem+json");

      HttpResponse<String> forged = get(base, f.grant() + "x", ITEM, "", null);
      assertThat(forged.statusCode()).isEqualTo(401);
      assertThat(forged.headers().firstValue("WWW-Authenticate")).isPresent();

      HttpResponse<String> none = get(base, f.grant(), "nts.tax-payment", "", null);
      assertThat(none.statusCode()).isEqualTo(404);
      assertThat(problem(none).get("reason").asText()).isEqualTo("NO_RECORD");

      HttpResponse<String> narrowed =
          get(base, f.grant(YEAR_2025), ITEM, "from=2025-06-01&to=2025-12-31", null);
      assertThat(narrowed.body()).isEqualTo("[\"2025-09-01\"]");
    }
  }

  private static JsonNode problem(HttpResponse<String> response) throws IOException {
    return GateFixture.JSON.readTree(response.body());
  }
}
