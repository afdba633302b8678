package org.mydatakit.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.events.ConsentEventType;
import org.mydatakit.grant.InvalidGrantException;
import org.mydatakit.keys.VerificationKeySet;
import org.mydatakit.status.RevocationCheck;
import org.mydatakit.status.TokenStatus;

/** The README's "Receiving consent events" example: a pushed revocation, refused at once. */
class ConsentEventsReadmeExampleTest {

  @Test
  void aPushedRevocationIsRefusedByTheGateAtOnce() throws Exception {
    GateFixture f = new GateFixture(java.time.Clock.systemUTC());
    VerificationKeySet brokerKeys = f.brokerKeys.verificationKeys();
    RevocationCheck statusLists = reference -> TokenStatus.VALID; // not caught up yet
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    try {
      // region readme-consent-events
      ConsentEventReceiver events =
          ConsentEventReceiver.builder()
              .trustedIssuer("https://broker.example", brokerKeys) // or its HttpJwksSource
              .audience(AgencyId.of("NTS"))
              .build();
      ProviderGate gate =
          ProviderGate.builder()
              .trustedIssuer("https://broker.example", brokerKeys)
              .audience(AgencyId.of("NTS"))
              .revocationCheck(statusLists)
              .consentEvents(events) // revoked, expired, superseded, paused: refused at once
              .build();
      server.createContext("/mydata/events", ConsentEventHandler.of(events)); // or the Servlet
      // endregion readme-consent-events
      server.start();
      URI endpoint =
          URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mydata/events");
      String grant =
          f.grantWith(
              c -> {
                var list = c.putObject("status").putObject("status_list");
                list.put("idx", 7);
                list.put("uri", "https://broker.example/status/1");
              });
      assertThat(gate.admit(f.request(grant))).isInstanceOf(Admission.class);
      HttpResponse<String> pushed =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(endpoint)
                      .header("Content-Type", "application/secevent+jwt")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              new EventSets(f).set(ConsentEventType.CONSENT_REVOKED, 3)))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(pushed.statusCode()).isEqualTo(202);
      // the same grant again: refused for the revocation, before its use is looked at
      Refusal refusal = (Refusal) gate.admit(f.request(grant));
      assertThat(refusal.grantReason()).contains(InvalidGrantException.Reason.REVOKED);
    } finally {
      server.stop(0);
    }
  }
}
