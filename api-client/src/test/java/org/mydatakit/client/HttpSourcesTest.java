package org.mydatakit.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.grant.Grant;
import org.mydatakit.grant.GrantRequest;
import org.mydatakit.grant.GrantVerifier;
import org.mydatakit.grant.InvalidGrantException;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.keys.VerificationKeySet;
import org.mydatakit.status.StatusLists;
import org.mydatakit.status.StatusReference;
import org.mydatakit.status.TokenStatus;

/** The providers' HTTP sources: the JWKS with rate-limited refresh, and the status list. */
class HttpSourcesTest {
  private static final URI PROVIDER_URL =
      URI.create("https://nhis.example/mydata/v1/items/nhis.qualification");
  private final ClientFixture f = new ClientFixture();
  private final OkHttpClient http = new OkHttpClient();

  @AfterEach
  void stop() {
    f.close();
  }

  private void serveJwks(VerificationKeySet keys) {
    f.wm.stubFor(
        get(urlEqualTo("/jwks.json"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/jwk-set+json")
                    .withBody(keys.toJson())));
  }

  private HttpJwksSource jwks() {
    return HttpJwksSource.of(http, URI.create(f.base("/jwks.json")));
  }

  @Test
  void aHundredRefreshesWithinTheIntervalFetchOnce() throws Exception {
    serveJwks(f.keys.verificationKeys());
    HttpJwksSource source = jwks();
    ExecutorService threads = Executors.newFixedThreadPool(8);
    List<Future<Optional<VerificationKeySet>>> answers = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      answers.add(threads.submit(source::refresh));
    }
    int sets = 0;
    for (Future<Optional<VerificationKeySet>> a : answers) {
      sets += a.get().isPresent() ? 1 : 0;
    }
    threads.shutdown();
    assertThat(sets).isEqualTo(1);
    f.wm.verify(1, getRequestedFor(urlEqualTo("/jwks.json")));
    assertThat(source.current().keyIds()).isEqualTo(f.keys.verificationKeys().keyIds());
    f.wm.verify(1, getRequestedFor(urlEqualTo("/jwks.json")));
  }

  @Test
  void aVerifierPicksUpARotatedKeyThroughTheSource() throws Exception {
    serveJwks(f.keys.verificationKeys());
    GrantVerifier verifier =
        GrantVerifier.builder()
            .trustedIssuer(ClientFixture.ISSUER, jwks().minRefreshInterval(Duration.ofMillis(200)))
            .audience(ClientFixture.NHIS)
            .withoutRevocationCheck()
            .build();
    SigningKeySet rotated = f.keys.rotate();
    ConsentBroker rotatedBroker = f.broker(rotated);
    DpopKey dpop = DpopKey.generate();
    Grant grant = rotatedBroker.issueGrant(f.consentId, ClientFixture.NHIS, dpop.thumbprint());
    serveJwks(rotated.verificationKeys());
    Thread.sleep(300);

    assertThat(verifier.verify(request(grant, dpop)).consentId()).isEqualTo(f.consentId);
    f.wm.verify(2, getRequestedFor(urlEqualTo("/jwks.json")));
  }

  @Test
  void aBrokenJwksEndpointFailsTheFirstLoadAndRefreshAnswersEmpty() {
    f.wm.stubFor(get(urlEqualTo("/jwks.json")).willReturn(aResponse().withStatus(500)));
    assertThatThrownBy(() -> jwks().current())
        .isInstanceOf(java.io.UncheckedIOException.class)
        .hasMessageContaining("could not be loaded");
    assertThat(jwks().refresh()).isEmpty();
    f.wm.stubFor(
        get(urlEqualTo("/jwks.json"))
            .willReturn(aResponse().withBody("{\"keys\":[{\"kty\":\"oct\"}]}")));
    assertThat(jwks().refresh()).isEmpty();
  }

  private static GrantRequest request(Grant grant, DpopKey dpop) throws InvalidGrantException {
    return GrantRequest.builder()
        .grant(grant.token())
        .dpopProof(dpop.proof("GET", PROVIDER_URL, grant.token()))
        .method("GET")
        .url(PROVIDER_URL)
        .item(ClientFixture.QUALIFICATION)
        .build();
  }

  @Test
  void theStatusListIsFetchedAndUsableByStatusLists() throws Exception {
    URI listUri = URI.create(f.base("/status/1"));
    String list = f.broker(f.keys, listUri).statusList();
    f.wm.stubFor(
        get(urlEqualTo("/status/1"))
            .withHeader(
                "Accept",
                com.github.tomakehurst.wiremock.client.WireMock.equalTo(
                    "application/statuslist+jwt"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/statuslist+jwt")
                    .withBody(list)));
    String brokerIssuer = ClientFixture.ISSUER;
    org.mydatakit.keys.VerificationKeySet brokerKeys = f.keys.verificationKeys();
    // region readme-status-lists
    HttpStatusListSource source = HttpStatusListSource.of(http);
    StatusLists lists = // a RevocationCheck for GrantVerifier.builder().revocationCheck(...)
        StatusLists.builder()
            .source(source) // or StatusListSource.files(...), StatusListSource.inMemory()
            .trustedIssuer(brokerIssuer, brokerKeys)
            .build();
    // endregion readme-status-lists
    assertThat(source.fetch(listUri)).isEqualTo(list);
    long index = f.broker.find(f.consentId).orElseThrow().statusIndex().orElseThrow();
    assertThat(lists.statusOf(new StatusReference(listUri, index))).isEqualTo(TokenStatus.VALID);

    assertThatThrownBy(() -> source.fetch(URI.create(f.base("/status/404"))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("expected status 200, got 404");
  }
}
