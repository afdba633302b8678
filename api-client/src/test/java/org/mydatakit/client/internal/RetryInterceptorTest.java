package org.mydatakit.client.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The retry policy as an interceptor, with the transaction-id, proof and body-cap interceptors
 * inside it: what is retried, what is not, how {@code Retry-After} is honoured, and that every
 * attempt is a new request. Each body runs under a hang guard; nothing here measures time.
 */
class RetryInterceptorTest {
  private static final Duration GUARD = Duration.ofSeconds(8);
  private static final Duration CAP = Duration.ofSeconds(10);
  private static final Instant NOW = Instant.parse("2026-11-27T03:00:00Z");
  private static final Clock FIXED = Clock.fixed(NOW, ZoneOffset.UTC);

  private final ChainFixture f = new ChainFixture();
  private final OkHttpClient client = f.client(3, CAP, FIXED, Duration.ofSeconds(5));

  @AfterEach
  void stop() {
    f.close();
  }

  private ChainFixture.Outcome run(Request request) {
    return assertTimeoutPreemptively(GUARD, () -> ChainFixture.run(client, request));
  }

  /** The first answer is {@code first}, every later one a 200. */
  private void firstThen200(ResponseDefinitionBuilder first) {
    f.wm.stubFor(
        any(urlEqualTo("/r"))
            .inScenario("once")
            .whenScenarioStateIs(STARTED)
            .willReturn(first)
            .willSetStateTo("done"));
    f.wm.stubFor(
        any(urlEqualTo("/r"))
            .inScenario("once")
            .whenScenarioStateIs("done")
            .willReturn(aResponse().withStatus(200).withBody("ok")));
  }

  @ParameterizedTest
  @ValueSource(ints = {429, 502, 503, 504})
  void retryableStatusesAreAskedAgainWithANewTransactionIdAndProof(int status) {
    firstThen200(aResponse().withStatus(status).withHeader("Retry-After", "0"));
    ChainFixture.Outcome o = run(f.get("/r"));
    assertThat(o.status()).isEqualTo(200);
    assertThat(o.body()).isEqualTo("ok");
    assertThat(o.attempts().count()).isEqualTo(2);
    assertThat(o.attempts().stop()).isEqualTo(Attempts.Stop.NONE);
    List<LoggedRequest> sent = f.requests();
    assertThat(sent).hasSize(2);
    assertThat(sent.stream().map(r -> r.getHeader("X-Api-Tran-Id")).distinct()).hasSize(2);
    assertThat(sent.stream().map(r -> r.getHeader("DPoP")).distinct()).hasSize(2);
    assertThat(sent)
        .allMatch(r -> ("DPoP " + ChainFixture.TOKEN).equals(r.getHeader("Authorization")));
    assertThat(o.attempts().transactionId()).isEqualTo(sent.get(1).getHeader("X-Api-Tran-Id"));
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 404, 409, 500, 501, 505, 302})
  void otherStatusesAreAnsweredAsTheyAre(int status) {
    f.wm.stubFor(any(urlEqualTo("/r")).willReturn(aResponse().withStatus(status)));
    ChainFixture.Outcome o = run(f.get("/r"));
    assertThat(o.status()).isEqualTo(status);
    assertThat(o.attempts().count()).isEqualTo(1);
    assertThat(f.requests()).hasSize(1);
  }

  @Test
  void aStormEndsAfterMaxAttemptsWithTheLastAnswer() {
    f.wm.stubFor(any(urlEqualTo("/r")).willReturn(aResponse().withStatus(503)));
    ChainFixture.Outcome o = run(f.get("/r"));
    assertThat(o.status()).isEqualTo(503);
    assertThat(o.attempts().count()).isEqualTo(3);
    assertThat(o.attempts().stop()).isEqualTo(Attempts.Stop.EXHAUSTED);
    assertThat(f.requests()).hasSize(3);
  }

  @Test
  void transportFaultsAreRetriedThenThrown() {
    f.wm.stubFor(
        any(urlEqualTo("/r")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    ChainFixture.Outcome o = run(f.get("/r"));
    assertThat(o.failure()).isNotNull().isNotInstanceOf(ResponseTooLargeException.class);
    assertThat(o.attempts().count()).isEqualTo(3);
    assertThat(o.attempts().status()).isZero();
    assertThat(o.attempts().stop()).isEqualTo(Attempts.Stop.EXHAUSTED);
    assertThat(f.requests().stream().map(r -> r.getHeader("X-Api-Tran-Id")).distinct()).hasSize(3);
  }

  @Test
  void aTransportFaultThenA200Succeeds() {
    firstThen200(aResponse().withFault(Fault.EMPTY_RESPONSE));
    ChainFixture.Outcome o = run(f.get("/r"));
    assertThat(o.status()).isEqualTo(200);
    assertThat(o.attempts().count()).isEqualTo(2);
  }

  @Test
  void aRetryAfterInDeltaSecondsBeyondTheCapEndsAtOnce() {
    f.wm.stubFor(
        any(urlEqualTo("/r"))
            .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "120")));
    ChainFixture.Outcome o = run(f.get("/r"));
    assertThat(o.status()).isEqualTo(503);
    assertThat(o.attempts().count()).isEqualTo(1);
    assertThat(o.attempts().stop()).isEqualTo(Attempts.Stop.RETRY_AFTER_BEYOND_CAP);
    assertThat(o.attempts().retryAfter()).isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void aRetryAfterAsAnHttpDateBeyondTheCapEndsAtOnce() {
    String in120s =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(120).atOffset(ZoneOffset.UTC));
    f.wm.stubFor(
        any(urlEqualTo("/r"))
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", in120s)));
    ChainFixture.Outcome o = run(f.get("/r"));
    assertThat(o.status()).isEqualTo(429);
    assertThat(o.attempts().count()).isEqualTo(1);
    assertThat(o.attempts().stop()).isEqualTo(Attempts.Stop.RETRY_AFTER_BEYOND_CAP);
    assertThat(o.attempts().retryAfter()).isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void aRetryAfterAsAnHttpDateNowOrPastIsRetriedAtOnce() {
    firstThen200(
        aResponse().withStatus(503).withHeader("Retry-After", "Fri, 27 Nov 2026 02:59:00 GMT"));
    ChainFixture.Outcome o = run(f.get("/r"));
    assertThat(o.status()).isEqualTo(200);
    assertThat(o.attempts().count()).isEqualTo(2);
  }

  @Test
  void aHugeRetryAfterIsBeyondTheCapNotIgnored() {
    f.wm.stubFor(
        any(urlEqualTo("/r"))
            .willReturn(
                aResponse().withStatus(503).withHeader("Retry-After", "99999999999999999999")));
    ChainFixture.Outcome o = run(f.get("/r"));
    assertThat(o.attempts().count()).isEqualTo(1);
    assertThat(o.attempts().stop()).isEqualTo(Attempts.Stop.RETRY_AFTER_BEYOND_CAP);
    assertThat(o.attempts().retryAfter()).isEqualTo(RetryAfter.LONGEST);
  }

  @ParameterizedTest
  @ValueSource(strings = {"soon", "-5", "1.5", "Fri, 27 Nov 2026"})
  void anUnreadableRetryAfterFallsBackToTheUsualBackoff(String header) {
    firstThen200(aResponse().withStatus(503).withHeader("Retry-After", header));
    ChainFixture.Outcome o = run(f.get("/r"));
    assertThat(o.status()).isEqualTo(200);
    assertThat(o.attempts().count()).isEqualTo(2);
  }

  @Test
  void aWaitThatWouldPassTheCallTimeoutIsNotMade() {
    OkHttpClient tight = f.client(3, CAP, FIXED, Duration.ofSeconds(2));
    f.wm.stubFor(
        any(urlEqualTo("/r"))
            .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "5")));
    ChainFixture.Outcome o =
        assertTimeoutPreemptively(GUARD, () -> ChainFixture.run(tight, f.get("/r")));
    assertThat(o.status()).isEqualTo(503);
    assertThat(o.attempts().count()).isEqualTo(1);
    assertThat(o.attempts().stop()).isEqualTo(Attempts.Stop.NO_TIME_LEFT);
  }

  @Test
  void aPostIsNeverRetried() {
    f.wm.stubFor(any(urlEqualTo("/r")).willReturn(aResponse().withStatus(503)));
    Request post =
        f.get("/r")
            .newBuilder()
            .post(RequestBody.create("{}", MediaType.get("application/json")))
            .build();
    ChainFixture.Outcome o = run(post);
    assertThat(o.status()).isEqualTo(503);
    assertThat(o.attempts().count()).isEqualTo(1);
    assertThat(o.attempts().stop()).isEqualTo(Attempts.Stop.EXHAUSTED);
  }

  @Test
  void anOversizeAnswerIsNotRetried() {
    f.wm.stubFor(get("/r").willReturn(aResponse().withStatus(200).withBody("x".repeat(2048))));
    ChainFixture.Outcome o = run(f.get("/r"));
    assertThat(o.failure()).isInstanceOf(ResponseTooLargeException.class);
    assertThat(o.attempts().count()).isEqualTo(1);
    assertThat(f.requests()).hasSize(1);
  }

  @Test
  void anInterruptWhileWaitingEndsTheCallAndKeepsTheInterrupt() throws Exception {
    f.wm.stubFor(
        any(urlEqualTo("/r"))
            .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "3")));
    AtomicReference<ChainFixture.Outcome> outcome = new AtomicReference<>();
    AtomicBoolean keptInterrupt = new AtomicBoolean();
    Thread caller =
        new Thread(
            () -> {
              outcome.set(ChainFixture.run(client, f.get("/r")));
              keptInterrupt.set(Thread.currentThread().isInterrupted());
            });
    caller.start();
    assertTimeoutPreemptively(
        GUARD,
        () -> {
          while (f.wm.getAllServeEvents().isEmpty()) {
            Thread.sleep(10);
          }
          caller.interrupt(); // while it waits out the Retry-After
          caller.join();
        });
    ChainFixture.Outcome o = outcome.get();
    assertThat(o.failure()).isInstanceOf(InterruptedIOException.class);
    assertThat(o.attempts().stop()).isEqualTo(Attempts.Stop.INTERRUPTED);
    assertThat(o.attempts().count()).isEqualTo(1);
    assertThat(keptInterrupt).as("the interrupt is kept").isTrue();
  }

  @Test
  void theApplicationsInterceptorsSeeEveryAttemptAsSent() {
    List<String> seen = new ArrayList<>();
    OkHttpClient shared =
        new OkHttpClient.Builder()
            .addInterceptor(
                chain -> {
                  seen.add(
                      chain.request().header("X-Api-Tran-Id")
                          + " "
                          + (chain.request().header("DPoP") != null));
                  return chain.proceed(chain.request());
                })
            .build();
    OkHttpClient derived = f.client(shared, 3, CAP, FIXED, Duration.ofSeconds(5), 1024);
    firstThen200(aResponse().withStatus(502));
    ChainFixture.Outcome o =
        assertTimeoutPreemptively(GUARD, () -> ChainFixture.run(derived, f.get("/r")));
    assertThat(o.status()).isEqualTo(200);
    assertThat(seen)
        .hasSize(2)
        .doesNotHaveDuplicates()
        .allMatch(s -> s.matches("KBBANK[0-9]{20} true"));
    assertThat(shared.interceptors()).hasSize(1);
  }
}
