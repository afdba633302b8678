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

import java.net.URI;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mydatakit.consent.ConsentJson;
import org.mydatakit.grant.Grant;

/**
 * A client over a remote broker asks for a consent (its items and range) once, however often it
 * fetches, and for a grant every fetch: the broker (WireMock, counting) serves the consent, a grant
 * and the fetch records.
 */
class RemoteConsentItemsTest {
  private static final int N = 7;
  private final ClientFixture f = new ClientFixture();

  @AfterEach
  void stop() {
    f.close();
  }

  @Test
  void repeatedFetchesOfAConsentMakeOneConsentGet() {
    String consentPath = "/broker/consents/" + f.consentId;
    f.wm.stubFor(
        get(consentPath)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(ConsentJson.write(f.broker.find(f.consentId).orElseThrow()))));
    Grant grant = f.broker.issueGrant(f.consentId, ClientFixture.NHIS, f.dpopKey.thumbprint());
    f.wm.stubFor(
        post("/broker/grants")
            .willReturn(
                aResponse()
                    .withStatus(200) // as the broker server answers (broker-api.yaml)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"grant\":\""
                            + grant.token()
                            + "\",\"grantId\":\""
                            + grant.grantId()
                            + "\",\"expiresAt\":\""
                            + grant.expiresAt()
                            + "\"}")));
    f.wm.stubFor(post("/broker/fetches").willReturn(aResponse().withStatus(204)));
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
