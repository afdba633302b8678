package org.mydatakit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mydatakit.testkit.Fixtures.CONSUMER;
import static org.mydatakit.testkit.Fixtures.NHIS;
import static org.mydatakit.testkit.Fixtures.NHIS_QUALIFICATION;
import static org.mydatakit.testkit.Fixtures.QUALIFICATION;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.Schedule;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.grant.Grant;

/** Each fault knob does what it says, and {@code reset()} disarms it. */
class FaultKnobTest {
  private static final FakeBroker broker = FakeBroker.create();
  private static FakeProviderAgency nhis;
  private final DpopKey key = DpopKey.generate();
  private URI url;
  private Grant grant;

  @BeforeAll
  static void start() {
    nhis = FakeProviderAgency.start(NHIS, broker);
  }

  @AfterAll
  static void stop() {
    nhis.stop();
  }

  @BeforeEach
  void grant() {
    Consent consent =
        broker.approvedConsent(
            SampleCitizen.HONG_GILDONG,
            CONSUMER,
            Delivery.periodic(Schedule.every(1, Schedule.Unit.DAYS), 100),
            NHIS_QUALIFICATION);
    grant = broker.issueGrant(consent.id(), NHIS, key);
    url = nhis.itemUrl(QUALIFICATION);
  }

  @AfterEach
  void reset() {
    nhis.reset();
  }

  private HttpResponse<String> fetch() throws IOException {
    return Http.fetch(url, grant, key);
  }

  @Test
  void serviceUnavailableAnswers503WithRetryAfterForTheNextRequestsOnly() throws IOException {
    nhis.serviceUnavailable(2);
    for (int i = 0; i < 2; i++) {
      String tranId = Http.tranId();
      HttpResponse<String> response =
          Http.send(Http.request(url, grant.token(), key.proof("GET", url, grant.token()), tranId));
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.headers().firstValue("Retry-After")).contains("1");
      assertThat(response.headers().firstValue("Content-Type"))
          .contains("application/problem+json");
      assertThat(response.headers().firstValue("X-Api-Tran-Id")).contains(tranId);
    }
    assertThat(fetch().statusCode()).isEqualTo(200);
    assertThat(nhis.requests())
        .extracting(ReceivedRequest::outcome)
        .containsExactly(
            ReceivedRequest.Outcome.FAULT,
            ReceivedRequest.Outcome.FAULT,
            ReceivedRequest.Outcome.SERVED);
  }

  @Test
  void aStormLastsUntilReset() throws IOException {
    nhis.serviceUnavailableStorm();
    for (int i = 0; i < 5; i++) {
      assertThat(fetch().statusCode()).isEqualTo(503);
    }
    nhis.reset();
    assertThat(fetch().statusCode()).isEqualTo(200);
  }

  @Test
  void rateLimitedAnswers429WithTheGivenRetryAfter() throws IOException {
    nhis.rateLimited(1, Duration.ofMillis(2500));
    HttpResponse<String> limited = fetch();
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).contains("3");
    assertThat(fetch().statusCode()).isEqualTo(200);
  }

  @Test
  void transportFaultsSurfaceAsIoExceptions() {
    Runnable[] knobs = {
      nhis::connectionReset, nhis::emptyResponse, nhis::malformedChunk, nhis::randomDataThenClose
    };
    for (Runnable knob : knobs) {
      nhis.reset();
      knob.run();
      assertThatThrownBy(this::fetch).isInstanceOf(IOException.class);
      assertThat(nhis.requests()).allMatch(r -> r.outcome() == ReceivedRequest.Outcome.FAULT);
    }
  }

  @Test
  void malformedJsonIsA200ThatDoesNotParse() throws IOException {
    nhis.malformedJson();
    HttpResponse<String> response = fetch();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThatThrownBy(() -> new ObjectMapper().readTree(response.body()))
        .isInstanceOf(IOException.class);
  }

  @Test
  void duplicateKeyJsonIsRejectedByAStrictParser() throws IOException {
    nhis.duplicateKeyJson();
    HttpResponse<String> response = fetch();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(new ObjectMapper().readTree(response.body()))
        .as("lenient parsers take it")
        .isNotNull();
    assertThatThrownBy(() -> Http.json(response.body())).hasMessageContaining("Duplicate field");
  }

  @Test
  void oversizeBodyIsWellFormedJsonOfExactlyTheGivenSize() throws IOException {
    nhis.oversizeBody(2_000_000);
    HttpResponse<String> response = fetch();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body().getBytes(StandardCharsets.UTF_8)).hasSize(2_000_000);
    assertThat(Http.json(response.body()).get("data").get("padding").asText())
        .hasSizeGreaterThan(1_000_000);
  }

  @Test
  void redirectToAnswers302ToTheOtherHost() throws IOException {
    nhis.redirectTo(URI.create("https://evil.example/steal"));
    HttpResponse<String> response = fetch();
    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(response.headers().firstValue("Location")).contains("https://evil.example/steal");
  }

  @Test
  void latencyHoldsTheAnswerBack() throws Exception {
    nhis.latency(Duration.ofSeconds(2));
    CompletableFuture<HttpResponse<String>> pending =
        Http.CLIENT.sendAsync(
            Http.request(url, grant.token(), key.proof("GET", url, grant.token()), Http.tranId())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThatThrownBy(() -> pending.get(200, TimeUnit.MILLISECONDS))
        .isInstanceOf(TimeoutException.class);
    assertThat(pending.get(Http.HANG_GUARD.toSeconds(), TimeUnit.SECONDS).statusCode())
        .isEqualTo(200);
  }

  @Test
  void dribbleBodySendsTheHeadersAndThenTheBodySlowly() throws Exception {
    nhis.dribbleBody(Duration.ofSeconds(3));
    HttpResponse<InputStream> response =
        Http.CLIENT.send(
            Http.request(url, grant.token(), key.proof("GET", url, grant.token()), Http.tranId())
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    CompletableFuture<byte[]> body =
        CompletableFuture.supplyAsync(
            () -> {
              try (InputStream in = response.body()) {
                return in.readAllBytes();
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    assertThatThrownBy(() -> body.get(200, TimeUnit.MILLISECONDS))
        .isInstanceOf(TimeoutException.class);
    String text =
        new String(body.get(Http.HANG_GUARD.toSeconds(), TimeUnit.SECONDS), StandardCharsets.UTF_8);
    assertThat(Http.json(text).get("item").asText()).isEqualTo("nhis.qualification");
  }

  @Test
  void resetDisarmsEveryKnobAndForgetsTheRequests() throws IOException {
    nhis.latency(Duration.ofMillis(1))
        .dribbleBody(Duration.ofMillis(1))
        .malformedJson()
        .oversizeBody(10)
        .connectionReset()
        .redirectTo(URI.create("https://x.example"))
        .rateLimited(3, Duration.ZERO)
        .serviceUnavailable(3);
    nhis.reset();
    assertThat(nhis.requests()).isEmpty();
    HttpResponse<String> response = fetch();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Http.json(response.body()).get("item").asText()).isEqualTo("nhis.qualification");
  }

  @Test
  void knobsRejectNonsense() {
    assertThatThrownBy(() -> nhis.serviceUnavailable(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> nhis.rateLimited(1, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> nhis.latency(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> nhis.oversizeBody(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
