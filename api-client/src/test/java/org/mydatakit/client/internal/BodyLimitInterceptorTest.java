package org.mydatakit.client.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.github.tomakehurst.wiremock.http.Fault;
import java.time.Clock;
import java.time.Duration;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The body cap: a success within it arrives whole, over it is refused; a refusal keeps its status.
 */
class BodyLimitInterceptorTest {
  private static final long CAP = 1024;
  private final ChainFixture f = new ChainFixture();
  private final OkHttpClient client =
      f.client(new OkHttpClient(), 2, Duration.ZERO, Clock.systemUTC(), Duration.ofSeconds(5), CAP);

  @AfterEach
  void stop() {
    f.close();
  }

  private ChainFixture.Outcome run() {
    return assertTimeoutPreemptively(
        Duration.ofSeconds(8), () -> ChainFixture.run(client, f.get("/b")));
  }

  @Test
  void aSuccessUpToTheCapArrivesWhole() {
    String body = "y".repeat((int) CAP);
    f.wm.stubFor(get("/b").willReturn(aResponse().withStatus(200).withBody(body)));
    ChainFixture.Outcome o = run();
    assertThat(o.status()).isEqualTo(200);
    assertThat(o.body()).isEqualTo(body);
  }

  @Test
  void aSuccessOverTheCapIsRefusedWithItsStatus() {
    f.wm.stubFor(get("/b").willReturn(aResponse().withStatus(200).withBody("y".repeat(1025))));
    ChainFixture.Outcome o = run();
    assertThat(o.failure())
        .isInstanceOfSatisfying(
            ResponseTooLargeException.class,
            e -> {
              assertThat(e.status()).isEqualTo(200);
              assertThat(e.maxBytes()).isEqualTo(CAP);
              assertThat(e.getMessage())
                  .isEqualTo("expected a body of at most 1024 bytes, got more");
            });
  }

  @Test
  void aChunkedSuccessOverTheCapIsRefusedWhileReading() {
    f.wm.stubFor(
        get("/b")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody("z".repeat(4096))
                    .withChunkedDribbleDelay(8, 40)));
    assertThat(run().failure()).isInstanceOf(ResponseTooLargeException.class);
  }

  @Test
  void aRefusalKeepsItsStatusAndAShortBody() {
    String problem = "{\"status\":403,\"reason\":\"REVOKED\"}";
    f.wm.stubFor(get("/b").willReturn(aResponse().withStatus(403).withBody(problem)));
    ChainFixture.Outcome o = run();
    assertThat(o.status()).isEqualTo(403);
    assertThat(o.body()).isEqualTo(problem);
  }

  @Test
  void aRefusalOverTheCapKeepsItsStatusWithAnEmptyBody() {
    f.wm.stubFor(get("/b").willReturn(aResponse().withStatus(403).withBody("p".repeat(2048))));
    ChainFixture.Outcome o = run();
    assertThat(o.status()).isEqualTo(403);
    assertThat(o.body()).isEmpty();
  }

  @Test
  void aSuccessCutOffWhileReadingIsATransportFailureAndRetried() {
    f.wm.stubFor(
        get("/b")
            .willReturn(aResponse().withStatus(200).withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
    ChainFixture.Outcome o = run();
    assertThat(o.failure()).isNotNull().isNotInstanceOf(ResponseTooLargeException.class);
    assertThat(o.attempts().count()).isEqualTo(2);
  }
}
