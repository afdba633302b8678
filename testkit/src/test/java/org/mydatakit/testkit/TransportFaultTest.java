package org.mydatakit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Latency, dribbled bodies and broken connections: slow or failing, never hanging past a guard. */
class TransportFaultTest extends NhisAgencyTest {
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
