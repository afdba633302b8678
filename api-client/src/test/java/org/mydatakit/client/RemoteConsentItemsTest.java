package org.mydatakit.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mydatakit.client.ClientFixture.QUALIFICATION;
import static org.mydatakit.client.ClientFixture.itemGet;
import static org.mydatakit.client.ClientFixture.records;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentJson;
import org.mydatakit.grant.Grant;

/**
 * A client over a remote broker asks for a consent (its items and range) once, however often it
 * fetches, and for a grant every fetch: the broker (WireMock, counting) serves the consent, a grant
 * and the fetch records. The consent is the consumer view the broker server sends (no {@code
 * subject}), and every request to the broker and every stubbed broker answer is checked against the
 * broker's OpenAPI document ({@link BrokerContract}).
 */
class RemoteConsentItemsTest {
  private static final int N = 7;
  private static final String BROKER = "/broker";
  private final ClientFixture f = new ClientFixture();

  /** An exchange with the stubbed broker, kept as it happens. */
  private record Exchange(
      String method,
      String path,
      Map<String, String> headers,
      String body,
      int status,
      Map<String, String> answerHeaders,
      String answer) {}

  private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();

  {
    f.wm.addMockServiceRequestListener(
        (request, response) -> {
          String path = URI.create(request.getUrl()).getRawPath();
          if (!path.startsWith(BROKER + "/")) {
            return; // a provider
          }
          Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
          request.getAllHeaderKeys().forEach(h -> headers.put(h, request.getHeader(h)));
          Map<String, String> answerHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
          response.getHeaders().all().forEach(h -> answerHeaders.put(h.key(), h.firstValue()));
          exchanges.add(
              new Exchange(
                  request.getMethod().getName(),
                  path.substring(BROKER.length()),
                  headers,
                  request.getBodyAsString(),
                  response.getStatus(),
                  answerHeaders,
                  response.getBodyAsString()));
        });
  }

  @AfterEach
  void stop() {
    f.close();
    BrokerContract contract = BrokerContract.broker();
    assertThat(exchanges).isNotEmpty();
    for (Exchange e : exchanges) {
      contract.request(e.method(), e.path(), e.headers()::get, name -> null, e.body());
      contract.response(e.method(), e.path(), e.status(), e.answerHeaders()::get, e.answer());
    }
  }

  /** What the broker server answers a consumer for {@code GET /consents/{id}}: no subject. */
  static String consumerView(Consent consent) throws Exception {
    ObjectNode view = (ObjectNode) new ObjectMapper().readTree(ConsentJson.write(consent));
    view.remove("subject");
    return view.toString();
  }

  @Test
  void repeatedFetchesOfAConsentMakeOneConsentGet() throws Exception {
    String consentPath = "/broker/consents/" + f.consentId;
    f.wm.stubFor(
        get(consentPath)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("Cache-Control", "no-store")
                    .withBody(consumerView(f.broker.find(f.consentId).orElseThrow()))));
    Grant grant = f.broker.issueGrant(f.consentId, ClientFixture.NHIS, f.dpopKey.thumbprint());
    f.wm.stubFor(
        post("/broker/grants")
            .willReturn(
                aResponse()
                    .withStatus(200) // as the broker server answers (broker-api.yaml)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("Cache-Control", "no-store")
                    .withBody(
                        "{\"grant\":\""
                            + grant.token()
                            + "\",\"grantId\":\""
                            + grant.grantId()
                            + "\",\"expiresAt\":\""
                            + grant.expiresAt()
                            + "\"}")));
    f.wm.stubFor(
        post("/broker/fetches")
            .willReturn(aResponse().withStatus(204).withHeader("Cache-Control", "no-store")));
    f.wm.stubFor(itemGet("/nhis", QUALIFICATION).willReturn(records(QUALIFICATION)));
    GrantSource remote =
        RemoteGrantSource.builder(
                new OkHttpClient(),
                URI.create(f.base("/broker")),
                ClientFixture.KB_BANK,
                f.keys,
                f.dpopKey)
            .build();
    MyDataClient client = f.client(b -> b.grantSource(remote));

    for (int i = 0; i < N; i++) {
      assertThat(client.fetch(f.consentId, QUALIFICATION).attempts()).isEqualTo(1);
    }
    client.fetchAll(f.consentId); // the same consent again, its three items (two fail)

    f.wm.verify(1, getRequestedFor(urlEqualTo(consentPath)));
    // one grant per fetch, and one per provider for fetchAll
    f.wm.verify(N + 3, postRequestedFor(urlEqualTo("/broker/grants")));
    f.wm.verify(N + 3, postRequestedFor(urlEqualTo("/broker/fetches"))); // one per fetch
  }
}
