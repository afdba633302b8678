package org.mydatakit.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.mydatakit.client.ClientFixture.QUALIFICATION;
import static org.mydatakit.client.ClientFixture.itemGet;
import static org.mydatakit.client.ClientFixture.records;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.http.Fault;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * WireMock faults: each ends in the documented typed error or retry, with the documented number of
 * attempts, and nothing runs past the call timeout (each test body runs under a hang guard).
 */
class MyDataClientFaultTest {
  private static final Duration GUARD = Duration.ofSeconds(8);
  private final ClientFixture f = new ClientFixture();

  @AfterEach
  void stop() {
    f.close();
  }

  private int requests() {
    return f.wm.getAllServeEvents().size();
  }

  private ProviderException failure(MyDataClient client) {
    return assertTimeoutPreemptively(
        GUARD,
        () -> {
          try {
            client.fetch(f.consentId, QUALIFICATION);
          } catch (ProviderException e) {
            return e;
          }
          throw new AssertionError("expected a provider exception");
        });
  }

  @ParameterizedTest
  @EnumSource(
      value = Fault.class,
      names = {
        "CONNECTION_RESET_BY_PEER",
        "EMPTY_RESPONSE",
        "MALFORMED_RESPONSE_CHUNK",
        "RANDOM_DATA_THEN_CLOSE"
      })
  void transportFaultsAreRetriedThenUnavailable(Fault fault) {
    f.wm.stubFor(itemGet("/nhis", QUALIFICATION).willReturn(aResponse().withFault(fault)));
    ProviderException e = failure(f.client());
    assertThat(e).isInstanceOf(ProviderUnavailableException.class);
    assertThat(e.attempts()).isEqualTo(3);
    assertThat(requests()).isEqualTo(3);
    assertThat(e.getMessage()).contains("transport failure", "3 attempts");
  }

  @Test
  void aConnectionRefusedIsRetriedThenUnavailable() {
    ProviderException e =
        assertTimeoutPreemptively(
            GUARD,
            () ->
                catching(
                    () ->
                        f.client(b -> b.maxAttempts(2))
                            .fetch(f.consentId, ClientFixture.LOCAL_TAX)));
    assertThat(e).isInstanceOf(ProviderUnavailableException.class);
    assertThat(e.attempts()).isEqualTo(2);
    assertThat(((ProviderUnavailableException) e).status()).isEmpty();
  }

  @Test
  void aDelayPastTheReadTimeoutIsRetriedThenUnavailable() {
    f.wm.stubFor(
        itemGet("/nhis", QUALIFICATION).willReturn(records(QUALIFICATION).withFixedDelay(1500)));
    ProviderException e =
        failure(
            f.client(
                b -> b.readTimeout(Duration.ofMillis(300)).callTimeout(Duration.ofSeconds(5))));
    assertThat(e).isInstanceOf(ProviderUnavailableException.class);
    assertThat(e.attempts()).isEqualTo(3);
    assertThat(e.getCause()).isInstanceOf(java.net.SocketTimeoutException.class);
  }

  @Test
  void aDelayPastTheCallTimeoutEndsTheFetchAtTheCallTimeout() {
    f.wm.stubFor(
        itemGet("/nhis", QUALIFICATION).willReturn(records(QUALIFICATION).withFixedDelay(4000)));
    MyDataClient client =
        f.client(b -> b.readTimeout(Duration.ofSeconds(1)).callTimeout(Duration.ofSeconds(1)));
    ProviderException e =
        assertTimeoutPreemptively(
            Duration.ofMillis(2500),
            () -> catching(() -> client.fetch(f.consentId, QUALIFICATION)));
    assertThat(e).isInstanceOf(ProviderUnavailableException.class);
    assertThat(e.attempts()).isEqualTo(1);
    assertThat(e.getMessage()).contains("call timeout");
  }

  @Test
  void aBodyDribbledSlowerThanTheCallTimeoutIsUnavailable() {
    f.wm.stubFor(
        itemGet("/nhis", QUALIFICATION)
            .willReturn(records(QUALIFICATION).withChunkedDribbleDelay(10, 5000)));
    MyDataClient client =
        f.client(b -> b.readTimeout(Duration.ofSeconds(1)).callTimeout(Duration.ofMillis(1500)));
    ProviderException e =
        assertTimeoutPreemptively(
            Duration.ofMillis(3000),
            () -> catching(() -> client.fetch(f.consentId, QUALIFICATION)));
    assertThat(e).isInstanceOf(ProviderUnavailableException.class);
    assertThat(e.attempts()).isEqualTo(1);
  }

  @Test
  void a429WithRetryAfterIsHonouredThenSucceeds() {
    f.wm.stubFor(
        itemGet("/nhis", QUALIFICATION)
            .inScenario("busy")
            .whenScenarioStateIs(STARTED)
            .willReturn(ClientFixture.problem(429, null).withHeader("Retry-After", "1"))
            .willSetStateTo("free"));
    f.wm.stubFor(
        itemGet("/nhis", QUALIFICATION)
            .inScenario("busy")
            .whenScenarioStateIs("free")
            .willReturn(records(QUALIFICATION)));
    FetchResult r =
        assertTimeoutPreemptively(GUARD, () -> f.client().fetch(f.consentId, QUALIFICATION));
    assertThat(r.attempts()).isEqualTo(2);
    assertThat(requests()).isEqualTo(2);
    assertThat(
            f.wm.getAllServeEvents().stream()
                .map(ev -> ev.getRequest().getHeader("X-Api-Tran-Id"))
                .distinct())
        .as("a new transaction id per request")
        .hasSize(2);
  }

  @Test
  void a503ThenA200SucceedsOnTheSecondAttempt() {
    f.wm.stubFor(
        itemGet("/nhis", QUALIFICATION)
            .inScenario("storm")
            .whenScenarioStateIs(STARTED)
            .willReturn(ClientFixture.problem(503, null))
            .willSetStateTo("calm"));
    f.wm.stubFor(
        itemGet("/nhis", QUALIFICATION)
            .inScenario("storm")
            .whenScenarioStateIs("calm")
            .willReturn(records(QUALIFICATION)));
    FetchResult r =
        assertTimeoutPreemptively(GUARD, () -> f.client().fetch(f.consentId, QUALIFICATION));
    assertThat(r.attempts()).isEqualTo(2);
  }

  @Test
  void aRetryAfterBeyondTheCapGivesUpAtOnce() {
    f.wm.stubFor(
        itemGet("/nhis", QUALIFICATION)
            .willReturn(ClientFixture.problem(503, null).withHeader("Retry-After", "120")));
    ProviderException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(2),
            () -> catching(() -> f.client().fetch(f.consentId, QUALIFICATION)));
    assertThat(e).isInstanceOf(ProviderUnavailableException.class);
    assertThat(e.attempts()).isEqualTo(1);
    assertThat(e.getMessage()).contains("beyond the cap");
    assertThat(((ProviderUnavailableException) e).status()).hasValue(503);
  }

  @Test
  void a503WithRetryAfterZeroIsRetriedByTheClientWithAFreshProofAndTransactionId() {
    // OkHttp on its own would re-send this request as it was (same proof, same transaction id).
    f.wm.stubFor(
        itemGet("/nhis", QUALIFICATION)
            .inScenario("blip")
            .whenScenarioStateIs(STARTED)
            .willReturn(ClientFixture.problem(503, null).withHeader("Retry-After", "0"))
            .willSetStateTo("ok"));
    f.wm.stubFor(
        itemGet("/nhis", QUALIFICATION)
            .inScenario("blip")
            .whenScenarioStateIs("ok")
            .willReturn(records(QUALIFICATION)));
    FetchResult r =
        assertTimeoutPreemptively(GUARD, () -> f.client().fetch(f.consentId, QUALIFICATION));
    assertThat(r.attempts()).isEqualTo(2);
    assertThat(requests()).isEqualTo(2);
    assertThat(f.wm.getAllServeEvents().stream().map(ev -> ev.getRequest().getHeader("DPoP")))
        .doesNotHaveDuplicates();
    assertThat(
            f.wm.getAllServeEvents().stream().map(ev -> ev.getRequest().getHeader("X-Api-Tran-Id")))
        .doesNotHaveDuplicates();
  }

  @Test
  void aRetryAfterA503PresentsTheSameGrantAndIdempotencyKeyWithAFreshProof() {
    f.wm.stubFor(
        itemGet("/nhis", QUALIFICATION)
            .inScenario("storm")
            .whenScenarioStateIs(STARTED)
            .willReturn(ClientFixture.problem(503, null))
            .willSetStateTo("calm"));
    f.wm.stubFor(
        itemGet("/nhis", QUALIFICATION)
            .inScenario("storm")
            .whenScenarioStateIs("calm")
            .willReturn(records(QUALIFICATION)));
    FetchResult r =
        assertTimeoutPreemptively(GUARD, () -> f.client().fetch(f.consentId, QUALIFICATION));
    assertThat(r.attempts()).isEqualTo(2);
    assertOneGrantOneKeyFreshProofs(2);
  }

  @Test
  void aRetryAfterTheConnectionDroppedPresentsTheSameGrantAndIdempotencyKeyWithAFreshProof() {
    // the request reached the provider, the answer did not: the one case the key is for
    f.wm.stubFor(
        itemGet("/nhis", QUALIFICATION)
            .inScenario("drop")
            .whenScenarioStateIs(STARTED)
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
            .willSetStateTo("back"));
    f.wm.stubFor(
        itemGet("/nhis", QUALIFICATION)
            .inScenario("drop")
            .whenScenarioStateIs("back")
            .willReturn(records(QUALIFICATION)));
    FetchResult r =
        assertTimeoutPreemptively(GUARD, () -> f.client().fetch(f.consentId, QUALIFICATION));
    assertThat(r.attempts()).isEqualTo(2);
    assertOneGrantOneKeyFreshProofs(2);
  }

  @Test
  void everyAttemptOfAFailedFetchPresentsTheSameGrantAndKeyAndTheNextFetchNewOnes() {
    f.wm.stubFor(itemGet("/nhis", QUALIFICATION).willReturn(ClientFixture.problem(503, null)));
    MyDataClient client = f.client();
    failure(client);
    assertOneGrantOneKeyFreshProofs(3);
    failure(client);
    assertThat(f.grantsIssued).hasValue(2);
    assertThat(sent("Authorization")).hasSize(6);
    assertThat(sent("Authorization").stream().distinct()).hasSize(2);
    assertThat(sent("Idempotency-Key").stream().distinct()).hasSize(2);
  }

  private void assertOneGrantOneKeyFreshProofs(int requests) {
    assertThat(requests()).isEqualTo(requests);
    assertThat(f.grantsIssued).hasValue(1);
    assertThat(sent("Authorization"))
        .hasSize(requests)
        .containsOnly("DPoP " + f.grantTokens.get(0));
    assertThat(sent("Idempotency-Key").stream().distinct())
        .hasSize(1)
        .allMatch(k -> k != null && k.matches("[A-Za-z0-9_-]{22}"));
    assertThat(sent("DPoP")).hasSize(requests).doesNotHaveDuplicates();
  }

  private java.util.List<String> sent(String header) {
    return f.wm.getAllServeEvents().stream().map(e -> e.getRequest().getHeader(header)).toList();
  }

  @Test
  void a503WithAHugeRetryAfterIsUnavailableNotACrash() {
    f.wm.stubFor(
        itemGet("/nhis", QUALIFICATION)
            .willReturn(
                ClientFixture.problem(503, null).withHeader("Retry-After", "99999999999999")));
    ProviderException e = failure(f.client());
    assertThat(e).isInstanceOf(ProviderUnavailableException.class);
    assertThat(e.attempts()).isEqualTo(1);
    assertThat(e.getMessage()).contains("beyond the cap");
  }

  @Test
  void a503StormGivesUpAfterMaxAttempts() {
    f.wm.stubFor(itemGet("/nhis", QUALIFICATION).willReturn(ClientFixture.problem(503, null)));
    ProviderException e = failure(f.client(b -> b.maxAttempts(4)));
    assertThat(e).isInstanceOf(ProviderUnavailableException.class);
    assertThat(e.attempts()).isEqualTo(4);
    assertThat(requests()).isEqualTo(4);
  }

  @Test
  void a500IsUnavailableAndNotRetried() {
    f.wm.stubFor(itemGet("/nhis", QUALIFICATION).willReturn(ClientFixture.problem(500, null)));
    ProviderException e = failure(f.client());
    assertThat(e).isInstanceOf(ProviderUnavailableException.class);
    assertThat(e.attempts()).isEqualTo(1);
    assertThat(requests()).isEqualTo(1);
  }

  @Test
  void anOversizeBodyIsRefused() {
    f.wm.stubFor(itemGet("/nhis", QUALIFICATION).willReturn(records(QUALIFICATION)));
    ProviderException e = failure(f.client(b -> b.maxResponseBytes(64)));
    assertThat(e).isInstanceOf(ProviderResponseException.class);
    assertThat(e.getMessage()).contains("at most 64 bytes");
    assertThat(e.attempts()).isEqualTo(1);
  }

  @Test
  void anOversizeChunkedBodyIsRefusedWhileReading() {
    String big =
        "{\"item\":\"nhis.qualification\",\"data\":{\"x\":\"" + "a".repeat(200_000) + "\"}}";
    f.wm.stubFor(
        itemGet("/nhis", QUALIFICATION)
            .willReturn(records(QUALIFICATION).withBody(big).withChunkedDribbleDelay(4, 50)));
    ProviderException e = failure(f.client(b -> b.maxResponseBytes(100_000)));
    assertThat(e).isInstanceOf(ProviderResponseException.class);
  }

  @Test
  void duplicateKeysAndTrailingGarbageAreRefused() {
    String dup =
        "{\"item\":\"nhis.qualification\",\"issuedAt\":\"2026-03-02T01:00:00Z\","
            + "\"data\":{\"grade\":\"a\",\"grade\":\"b\"}}";
    f.wm.stubFor(itemGet("/nhis", QUALIFICATION).willReturn(records(QUALIFICATION).withBody(dup)));
    MyDataClient client = f.client();
    assertThat(failure(client))
        .isInstanceOf(ProviderResponseException.class)
        .hasMessageContaining("malformed json");
    f.wm.stubFor(
        itemGet("/nhis", QUALIFICATION)
            .willReturn(
                records(QUALIFICATION).withBody(ClientFixture.recordsJson(QUALIFICATION) + " {}")));
    assertThat(failure(client)).isInstanceOf(ProviderResponseException.class);
  }

  @Test
  void aRedirectToAnotherHostIsRefusedAndNotFollowed() {
    WireMockServer other =
        new WireMockServer(options().dynamicPort().notifier(new Slf4jNotifier(false)));
    other.start();
    try {
      other.stubFor(get(anyUrl()).willReturn(records(QUALIFICATION)));
      f.wm.stubFor(
          itemGet("/nhis", QUALIFICATION)
              .willReturn(
                  aResponse()
                      .withStatus(302)
                      .withHeader(
                          "Location",
                          "http://127.0.0.1:"
                              + other.port()
                              + "/mydata/v1/items/nhis.qualification")));
      ProviderException e = failure(f.client());
      assertThat(e).isInstanceOf(ProviderResponseException.class);
      assertThat(((ProviderResponseException) e).status()).isEqualTo(302);
      assertThat(e.getMessage()).contains("redirect");
      other.verify(0, anyRequestedFor(anyUrl()));
    } finally {
      other.stop();
    }
  }

  private static ProviderException catching(Runnable fetch) {
    try {
      fetch.run();
    } catch (ProviderException e) {
      return e;
    }
    throw new AssertionError("expected a provider exception");
  }
}
