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
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mydatakit.broker.ConsentNotFoundException;
import org.mydatakit.broker.FetchLimitException;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.ConsentStateException;
import org.mydatakit.consent.ConsentStatus;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.DataRange;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.grant.Grant;
import org.mydatakit.internal.JwsCheck;
import org.mydatakit.internal.KeyRing;
import org.mydatakit.internal.StrictJson;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;

/**
 * {@link RemoteGrantSource} against a stubbed broker. Every request it sends, and every stubbed
 * answer that stands for the real broker, is checked against the broker server's OpenAPI document
 * ({@link BrokerContract}); only the stubs that play a broken broker (a redirect, garbage, a reset)
 * are marked off the contract.
 */
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

  /** What the source sent and the stub answered, kept as it happens (a test may reset WireMock). */
  private record Exchange(
      String method,
      String path,
      Map<String, String> headers,
      Map<String, String> query,
      String body,
      int status,
      Map<String, String> answerHeaders,
      String answer,
      boolean answerOffContract) {}

  private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();

  /** Set by a test before its stubs play a broker that breaks the contract on purpose. */
  private volatile boolean answersOffContract;

  {
    wm.addMockServiceRequestListener(
        (request, response) -> {
          Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
          request.getAllHeaderKeys().forEach(h -> headers.put(h, request.getHeader(h)));
          Map<String, String> query = new TreeMap<>();
          URI url = URI.create(request.getUrl());
          if (url.getRawQuery() != null) {
            for (String pair : url.getRawQuery().split("&")) {
              int eq = pair.indexOf('=');
              query.put(
                  eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
            }
          }
          Map<String, String> answerHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
          response.getHeaders().all().forEach(h -> answerHeaders.put(h.key(), h.firstValue()));
          exchanges.add(
              new Exchange(
                  request.getMethod().getName(),
                  url.getRawPath(),
                  headers,
                  query,
                  request.getBodyAsString(),
                  response.getStatus(),
                  answerHeaders,
                  response.getBodyAsString(),
                  answersOffContract));
        });
  }

  /** Every request sent, and every answer that stands for the broker, is one the document lists. */
  @AfterEach
  void stop() {
    wm.stop();
    for (Exchange e : exchanges) {
      BrokerContract.broker()
          .request(e.method(), e.path(), e.headers()::get, e.query()::get, e.body());
      if (!e.answerOffContract()) {
        BrokerContract.broker()
            .response(e.method(), e.path(), e.status(), e.answerHeaders()::get, e.answer());
      }
    }
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
                    .withHeader("Cache-Control", "no-store")
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
                    .withHeader("Content-Type", "application/problem+json")
                    .withHeader("Cache-Control", "no-store")
                    .withBody(problem(429, "BUDGET_EXHAUSTED"))));
    Instant before = Instant.now();
    assertThatThrownBy(this::grant)
        .isInstanceOfSatisfying(
            FetchLimitException.class,
            e -> {
              assertThat(e.limit()).isEqualTo(FetchLimitException.Limit.BUDGET_EXHAUSTED);
              assertThat(e.nextAllowedAt().orElseThrow()).isAfter(before.plusSeconds(119));
            });

    answer(409, null);
    wm.stubFor(get(anyUrl()).willReturn(refusal(500)));
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
    answersOffContract = true; // from here a broken broker: a redirect, garbage, a reset
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
    wm.stubFor(post("/grants").willReturn(refusal(503).withHeader("Retry-After", "0")));
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
                      .withHeader("Content-Type", "application/problem+json")
                      .withHeader("Cache-Control", "no-store")
                      .withBody(problem(429, "BUDGET_EXHAUSTED"))));
      assertThatThrownBy(() -> fixed.grant(CONSENT, NHIS, dpopKey.thumbprint()))
          .isInstanceOfSatisfying(
              FetchLimitException.class,
              e -> assertThat(e.nextAllowedAt()).hasValue(now.plusSeconds(3600)));
    }
  }

  /**
   * The broker's consent view has no subject: the source reads its items, range and status from it
   * (a 409 is explained with the status read).
   */
  @Test
  void theConsentIsReadFromTheConsumerViewWithoutSubject() {
    String view =
        "{\"id\":\""
            + CONSENT
            + "\",\"version\":1,\"consumer\":\"KB-BANK\","
            + "\"items\":[{\"provider\":\"NHIS\",\"code\":\"nhis.qualification\"}],"
            + "\"purpose\":{\"code\":\"p\",\"text\":\"t\",\"legalBasis\":{\"code\":\"b\",\"text\":\"t\"}},"
            + "\"delivery\":{\"kind\":\"ONE_TIME\"},"
            + "\"dataRange\":{\"from\":\"2025-01-01\",\"to\":\"2025-12-31\"},"
            + "\"validFrom\":\"2026-01-01T00:00:00Z\",\"validUntil\":\"2027-01-01T00:00:00Z\","
            + "\"retention\":\"P1Y\",\"status\":\"PAUSED\",\"createdAt\":\"2026-01-01T00:00:00Z\","
            + "\"statusChangedAt\":\"2026-01-01T00:00:00Z\"}";
    answer(409, null);
    wm.stubFor(
        get("/consents/" + CONSENT)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("Cache-Control", "no-store")
                    .withBody(view)));

    assertThat(source.items(CONSENT))
        .containsExactly(DataItem.of(NHIS, ItemCode.of("nhis.qualification")));
    assertThat(source.dataRange(CONSENT))
        .contains(new DataRange(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 12, 31)));
    assertThatThrownBy(this::grant)
        .isInstanceOfSatisfying(
            ConsentStateException.class, e -> assertThat(e.from()).isEqualTo(ConsentStatus.PAUSED));
  }

  private void grant() {
    source.grant(CONSENT, NHIS, dpopKey.thumbprint());
  }

  /**
   * Stubs {@code POST /grants}: a refusal as the broker words it for 4xx and 5xx, otherwise the
   * bare status (with {@code location}) that only a broken broker would send.
   */
  private void answer(int status, String location) {
    wm.resetAll();
    var response =
        status >= 400
            ? refusal(status)
            : aResponse().withStatus(status).withBody("{\"status\":" + status + "}");
    if (location != null) {
      response = response.withHeader("Location", location);
    }
    wm.stubFor(post("/grants").willReturn(response));
  }

  /** The broker's problem answer for {@code status}, with the reason it gives for that status. */
  private static ResponseDefinitionBuilder refusal(int status) {
    String reason =
        switch (status) {
          case 401 -> "invalid_client";
          case 403 -> "agency_suspended";
          case 409 -> "illegal_transition";
          default -> null;
        };
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/problem+json")
        .withHeader("Cache-Control", "no-store")
        .withBody(problem(status, reason));
  }

  private static String problem(int status, String reason) {
    String type =
        switch (status) {
          case 401 -> "unauthorized";
          case 403 -> "forbidden";
          case 404 -> "not-found";
          case 409 -> "conflict";
          case 429 -> "too-many-requests";
          case 500 -> "internal-error";
          case 503 -> "unavailable";
          default -> throw new IllegalArgumentException("no stock problem for " + status);
        };
    return "{\"type\":\"https://mydatakit.org/problems/"
        + type
        + "\",\"title\":\"a title\",\"status\":"
        + status
        + (reason == null ? "" : ",\"reason\":\"" + reason + "\"")
        + "}";
  }
}
