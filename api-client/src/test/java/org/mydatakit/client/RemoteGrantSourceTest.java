package org.mydatakit.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mydatakit.broker.ConsentNotFoundException;
import org.mydatakit.broker.FetchLimitException;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.ConsentStateException;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.grant.Grant;
import org.mydatakit.internal.JwsCheck;
import org.mydatakit.internal.KeyRing;
import org.mydatakit.internal.StrictJson;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;

class RemoteGrantSourceTest {
  private static final AgencyId BANK = AgencyId.of("KB-BANK");
  private static final AgencyId NHIS = AgencyId.of("NHIS");
  private static final ConsentId CONSENT = ConsentId.parse("0190b8c2-7d3e-7abc-8def-0123456789ab");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final WireMockServer wm =
      new WireMockServer(options().dynamicPort().notifier(new Slf4jNotifier(false)));
  private final SigningKeySet clientKeys = SigningKeySet.generate(SigningAlgorithm.ES256);
  private final DpopKey dpopKey = DpopKey.generate();
  private final RemoteGrantSource source;

  RemoteGrantSourceTest() {
    wm.start();
    source =
        RemoteGrantSource.builder(
                new OkHttpClient(), URI.create(wm.baseUrl()), BANK, clientKeys, dpopKey)
            .build();
  }

  @AfterEach
  void stop() {
    wm.stop();
  }

  @Test
  void grantSendsAFreshClientAssertionAndAProofWithoutAthAndReadsTheAnswer() throws Exception {
    Instant expires = Instant.now().plusSeconds(300);
    wm.stubFor(
        post("/grants")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"grant\":\"a.b.c\",\"grantId\":\"g-1\",\"expiresAt\":\""
                            + expires
                            + "\"}")));
    Grant grant = source.grant(CONSENT, NHIS, dpopKey.thumbprint());
    assertThat(grant.grantId()).isEqualTo("g-1");
    assertThat(grant.consentId()).isEqualTo(CONSENT);
    assertThat(grant.expiresAt()).isEqualTo(expires);

    LoggedRequest sent = wm.findAll(postRequestedFor(urlEqualTo("/grants"))).get(0);
    JsonNode body = JSON.readTree(sent.getBodyAsString());
    assertThat(body.path("client_assertion_type").asText())
        .isEqualTo("urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
    byte[] payload =
        JwsCheck.verify(
                body.path("client_assertion").asText(),
                KeyRing.of(clientKeys.verificationKeys().toJson()),
                null,
                8192)
            .payload();
    JsonNode claims = StrictJson.object(payload);
    assertThat(claims.path("iss").asText()).isEqualTo("KB-BANK");
    assertThat(claims.path("sub").asText()).isEqualTo("KB-BANK");
    assertThat(claims.path("aud").asText()).isEqualTo(wm.baseUrl() + "/grants");
    assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isBetween(1L, 300L);
    String proof = sent.getHeader("DPoP");
    JsonNode proofClaims = JSON.readTree(Base64.getUrlDecoder().decode(proof.split("\\.")[1]));
    assertThat(proofClaims.path("htm").asText()).isEqualTo("POST");
    assertThat(proofClaims.path("htu").asText()).isEqualTo(wm.baseUrl() + "/grants");
    assertThat(proofClaims.has("ath")).isFalse();
  }

  @Test
  void aThumbprintOfAnotherKeyIsRefusedWithoutACall() {
    assertThatThrownBy(() -> source.grant(CONSENT, NHIS, DpopKey.generate().thumbprint()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(wm.getAllServeEvents()).isEmpty();
  }

  @Test
  void refusalsBecomeTheBrokersExceptions() {
    answer(404, null);
    assertThatThrownBy(this::grant).isInstanceOf(ConsentNotFoundException.class);

    wm.resetAll();
    wm.stubFor(
        post("/grants")
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "120")
                    .withBody("{\"status\":429,\"reason\":\"BUDGET_EXHAUSTED\"}")));
    Instant before = Instant.now();
    assertThatThrownBy(this::grant)
        .isInstanceOfSatisfying(
            FetchLimitException.class,
            e -> {
              assertThat(e.limit()).isEqualTo(FetchLimitException.Limit.BUDGET_EXHAUSTED);
              assertThat(e.nextAllowedAt().orElseThrow()).isAfter(before.plusSeconds(119));
            });

    answer(409, null);
    wm.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(500)));
    assertThatThrownBy(this::grant).isInstanceOf(ConsentStateException.class);

    answer(401, null);
    assertThatThrownBy(this::grant).isInstanceOf(IllegalStateException.class);
    answer(403, null);
    assertThatThrownBy(this::grant).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void transportFailuresServerErrorsRedirectsAndGarbageAreBrokerUnavailable() {
    answer(503, null);
    assertThatThrownBy(this::grant)
        .isInstanceOfSatisfying(
            BrokerUnavailableException.class, e -> assertThat(e.status()).hasValue(503));
    answer(302, "http://127.0.0.1:1/grants");
    assertThatThrownBy(this::grant).isInstanceOf(BrokerUnavailableException.class);
    answer(200, null);
    assertThatThrownBy(this::grant).isInstanceOf(BrokerUnavailableException.class);
    wm.resetAll();
    wm.stubFor(post("/grants").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    assertThatThrownBy(this::grant)
        .isInstanceOfSatisfying(
            BrokerUnavailableException.class, e -> assertThat(e.status()).isEmpty());
  }

  @Test
  void a503WithRetryAfterZeroIsNotSentAgain() {
    wm.stubFor(
        post("/grants")
            .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "0").withBody("{}")));
    assertThatThrownBy(this::grant)
        .isInstanceOfSatisfying(
            BrokerUnavailableException.class, e -> assertThat(e.status()).hasValue(503));
    wm.verify(1, postRequestedFor(urlEqualTo("/grants")));
  }

  @Test
  void a429sRetryAfterIsTheNextAllowedTimeInEitherForm() {
    Instant now = Instant.parse("2026-11-27T03:00:00Z");
    RemoteGrantSource fixed =
        RemoteGrantSource.builder(
                new OkHttpClient(), URI.create(wm.baseUrl()), BANK, clientKeys, dpopKey)
            .clock(Clock.fixed(now, ZoneOffset.UTC))
            .build();
    for (String retryAfter : new String[] {"3600", "Fri, 27 Nov 2026 04:00:00 GMT"}) {
      wm.resetAll();
      wm.stubFor(
          post("/grants")
              .willReturn(
                  aResponse()
                      .withStatus(429)
                      .withHeader("Retry-After", retryAfter)
                      .withBody("{\"status\":429,\"reason\":\"BUDGET_EXHAUSTED\"}")));
      assertThatThrownBy(() -> fixed.grant(CONSENT, NHIS, dpopKey.thumbprint()))
          .isInstanceOfSatisfying(
              FetchLimitException.class,
              e -> assertThat(e.nextAllowedAt()).hasValue(now.plusSeconds(3600)));
    }
  }

  private void grant() {
    source.grant(CONSENT, NHIS, dpopKey.thumbprint());
  }

  private void answer(int status, String location) {
    wm.resetAll();
    var response = aResponse().withStatus(status).withBody("{\"status\":" + status + "}");
    if (location != null) {
      response = response.withHeader("Location", location);
    }
    wm.stubFor(post("/grants").willReturn(response));
  }
}
