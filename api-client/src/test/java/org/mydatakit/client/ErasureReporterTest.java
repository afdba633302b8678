package org.mydatakit.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.http.Fault;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.events.ErasureAttestation;
import org.mydatakit.events.ErasureAttestations;
import org.mydatakit.events.InvalidSecurityEventException;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;

/** Erasure attestations sent to a stubbed broker: done, refused, or worth sending again. */
class ErasureReporterTest {
  static final String BROKER = "https://broker.example";
  static final AgencyId BANK = AgencyId.of("KB-BANK");
  static final ConsentId CONSENT = ConsentId.parse("0190b8c2-7d3e-7abc-8def-0123456789ab");

  private final WireMockServer wm =
      new WireMockServer(options().dynamicPort().notifier(new Slf4jNotifier(false)));
  private final SigningKeySet bankKeys = SigningKeySet.generate(SigningAlgorithm.ES256);
  private final ErasureReporter reporter;
  private final String attestation;

  ErasureReporterTest() {
    wm.start();
    reporter = ErasureReporter.builder(new OkHttpClient(), URI.create(wm.baseUrl() + "/")).build();
    attestation =
        ErasureAttestations.signer(bankKeys, BANK, BROKER)
            .sign(CONSENT, List.of("T2026120700000001"), Instant.parse("2026-12-07T09:00:00Z"));
  }

  @AfterEach
  void stop() {
    wm.stop();
  }

  private void answer(int status, String body) {
    wm.stubFor(
        post(urlEqualTo("/events/erasure"))
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json")
                    .withBody(body)));
  }

  @Test
  void anAcknowledgedAttestationIsDoneAndWasSentAsASet() {
    answer(202, "");
    reporter.report(attestation);
    wm.verify(
        postRequestedFor(urlEqualTo("/events/erasure"))
            .withHeader("Content-Type", equalTo("application/secevent+jwt"))
            .withRequestBody(equalTo(attestation)));
    // what the broker got verifies as the consumer's attestation
    String sent = wm.getAllServeEvents().get(0).getRequest().getBodyAsString();
    ErasureAttestation got =
        ErasureAttestations.verifier(bankKeys.verificationKeys(), BANK, BROKER).verify(sent);
    assertThat(got.deliveries()).containsExactly("T2026120700000001");
  }

  @Test
  void aRefusalIsATypedRejectionWithTheBrokersError() {
    answer(400, "{\"err\":\"invalid_key\",\"description\":\"the signature is invalid\"}");
    assertThatThrownBy(() -> reporter.report(attestation))
        .isInstanceOfSatisfying(
            ErasureRejectedException.class,
            e -> {
              assertThat(e.err()).isEqualTo("invalid_key");
              assertThat(e.code()).contains(InvalidSecurityEventException.Code.INVALID_KEY);
              assertThat(e.description()).isEqualTo("the signature is invalid");
              assertThat(e.getMessage())
                  .isEqualTo("erasure attestation rejected by the broker: invalid_key");
            });
  }

  @Test
  void aRefusalWithoutAReadableBodyIsStillARejection() {
    answer(400, "<html>bad request</html>");
    assertThatThrownBy(() -> reporter.report(attestation))
        .isInstanceOfSatisfying(
            ErasureRejectedException.class,
            e -> {
              assertThat(e.err()).isEqualTo("unknown");
              assertThat(e.code()).isEmpty();
            });
    answer(400, "{\"err\":\"Robert'); DROP TABLE\",\"description\":\"\\u0007bell\\nline\"}");
    assertThatThrownBy(() -> reporter.report(attestation))
        .isInstanceOfSatisfying(
            ErasureRejectedException.class,
            e -> {
              assertThat(e.err()).isEqualTo("unknown");
              assertThat(e.description()).isEqualTo("?bell?line");
            });
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 502, 503, 429, 200, 204, 302})
  void anyOtherAnswerIsBrokerUnavailableWithItsStatus(int status) {
    answer(status, "");
    assertThatThrownBy(() -> reporter.report(attestation))
        .isInstanceOfSatisfying(
            BrokerUnavailableException.class, e -> assertThat(e.status()).hasValue(status));
  }

  @ParameterizedTest
  @ValueSource(ints = {401, 403, 404, 405, 415})
  void aMisdirectedRequestIsAConfigurationFault(int status) {
    answer(status, "");
    assertThatThrownBy(() -> reporter.report(attestation))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("http " + status);
  }

  @Test
  void aTransportFailureOrATimeoutIsBrokerUnavailableWithoutStatus() {
    wm.stubFor(
        post(urlEqualTo("/events/erasure"))
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    assertThatThrownBy(() -> reporter.report(attestation))
        .isInstanceOfSatisfying(
            BrokerUnavailableException.class, e -> assertThat(e.status()).isEmpty());
    wm.stubFor(
        post(urlEqualTo("/events/erasure"))
            .willReturn(aResponse().withStatus(202).withFixedDelay(2_000)));
    ErasureReporter impatient =
        ErasureReporter.builder(new OkHttpClient(), URI.create(wm.baseUrl()))
            .callTimeout(Duration.ofMillis(300))
            .build();
    assertThatThrownBy(() -> impatient.report(attestation))
        .isInstanceOf(BrokerUnavailableException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(attestation.substring(0, 20)));
  }

  @Test
  void theBrokerUrlMustBeHttpsOrLoopback() {
    assertThatThrownBy(
            () ->
                ErasureReporter.builder(new OkHttpClient(), URI.create("http://broker.example"))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("https");
    assertThat(
            ErasureReporter.builder(new OkHttpClient(), URI.create("http://broker.example"))
                .allowInsecureHttp()
                .build()
                .toString())
        .isEqualTo("ErasureReporter[http://broker.example/events/erasure]");
    assertThatThrownBy(
            () ->
                ErasureReporter.builder(new OkHttpClient(), URI.create(BROKER))
                    .callTimeout(Duration.ZERO)
                    .build())
        .isInstanceOf(IllegalArgumentException.class);
  }
}
