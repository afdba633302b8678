package org.mydatakit.provider;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.SubjectId;
import org.mydatakit.grant.DeliveryReceipt;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.keys.VerificationKeySet;
import org.mydatakit.status.RevocationCheck;
import org.mydatakit.status.TokenStatus;

/** The README's "Provider agency" example, run in Jetty against a real grant and proof. */
class ProviderReadmeExampleTest {

  /** One payment of the agency's own registry. */
  record Payment(LocalDate date, long amount) {
    static String json(List<Payment> payments) {
      return payments.stream()
          .map(p -> "{\"date\":\"" + p.date + "\",\"amount\":" + p.amount + "}")
          .collect(Collectors.joining(",", "[", "]"));
    }
  }

  /** The agency's registry: two payments a year for every citizen. */
  static final class Registry {
    List<Payment> payments(SubjectId subject) {
      return List.of(
          new Payment(LocalDate.of(2024, 5, 31), 100),
          new Payment(LocalDate.of(2025, 5, 31), 200),
          new Payment(LocalDate.of(2025, 11, 30), 300));
    }
  }

  @Test
  void aServletFilterInFrontOfARecordsEndpoint() throws Exception {
    GateFixture f = new GateFixture(java.time.Clock.systemUTC());
    VerificationKeySet brokerKeys = f.brokerKeys.verificationKeys();
    RevocationCheck statusLists = reference -> TokenStatus.VALID;
    SigningKeySet agencyKeys = SigningKeySet.generate(SigningAlgorithm.ES256);
    Registry registry = new Registry();
    Server server = new Server(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));

    // region readme-provider
    ProviderGate gate =
        ProviderGate.builder()
            .trustedIssuer("https://broker.example", brokerKeys) // or HttpJwksSource.of(...)
            .audience(AgencyId.of("NTS"))
            .revocationCheck(statusLists) // the broker's signed status lists, cached
            .ledger(GrantUseLedger.inMemory()) // JdbcGrantUseLedger, RedisGrantUseLedger: shared
            .receiptKeys(agencyKeys) // each delivery carries the agency's signed receipt
            .build();

    ServletContextHandler context = new ServletContextHandler(); // any Servlet 6 container
    context.addFilter(
        ProviderGateFilter.of(gate), "/mydata/v1/items/*", EnumSet.of(DispatcherType.REQUEST));
    HttpServlet records =
        new HttpServlet() {
          @Override
          protected void doGet(HttpServletRequest request, HttpServletResponse response)
              throws IOException {
            Admission admission = ProviderGateFilter.admission(request); // only admitted ones
            List<Payment> payments =
                admission.filter(registry.payments(admission.grant().subject()), Payment::date);
            response.setContentType("application/json");
            response.getWriter().write(Payment.json(payments));
            ProviderGateFilter.recordCount(request, payments.size()); // for the receipt
          }
        };
    context.addServlet(new ServletHolder(records), "/mydata/v1/items/*");
    // endregion readme-provider

    server.setHandler(context);
    server.start();
    try {
      int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
      URI url = URI.create("http://127.0.0.1:" + port + "/mydata/v1/items/nts.income");
      String grant =
          f.grantWith(
              c -> {
                var rng = c.putObject("rng");
                rng.put("from", "2025-01-01");
                rng.put("to", "2025-12-31");
                var list = c.putObject("status").putObject("status_list");
                list.put("idx", 42);
                list.put("uri", "https://broker.example/status/1");
              });
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(url)
                      .header("Authorization", "DPoP " + grant)
                      .header("DPoP", f.consumerKey.proof("GET", url, grant))
                      .header("X-Api-Tran-Id", "KBBANK2026120700000001")
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(response.body())
          .isEqualTo(
              "[{\"date\":\"2025-05-31\",\"amount\":200},{\"date\":\"2025-11-30\",\"amount\":300}]");
      assertThat(response.headers().firstValue(DeliveryReceipt.HEADER)).isPresent();
    } finally {
      server.stop();
    }
  }
}
