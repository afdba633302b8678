package org.mydatakit.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mydatakit.store.tck.StoreFixtures.KB_BANK;
import static org.mydatakit.store.tck.StoreFixtures.NHIS;
import static org.mydatakit.store.tck.StoreFixtures.NTS;
import static org.mydatakit.store.tck.StoreFixtures.citizen;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.broker.ConsentRequest;
import org.mydatakit.broker.EventOutbox;
import org.mydatakit.broker.InMemoryConsentStore;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.LegalBasis;
import org.mydatakit.consent.Purpose;
import org.mydatakit.consent.RevokedBy;
import org.mydatakit.events.ConsentEvent;
import org.mydatakit.events.ConsentEventType;
import org.mydatakit.events.InvalidSecurityEventException;
import org.mydatakit.events.SecurityEventTokens;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.store.tck.StoreFixtures;
import org.mydatakit.store.tck.TestClock;

/** Push delivery against real HTTP receivers on loopback. */
class EventDispatcherTest {
  private static final SigningKeySet KEYS = SigningKeySet.generate(SigningAlgorithm.ES256);
  private static final String ISSUER = "https://broker.example";

  private final InMemoryConsentStore store = new InMemoryConsentStore();
  private final TestClock clock = TestClock.atNow();
  private final ConsentBroker broker =
      ConsentBroker.builder()
          .store(store)
          .signingKeys(KEYS)
          .issuer(ISSUER)
          .pairwiseSubjects(StoreFixtures.SUBJECTS)
          .statusListUri(URI.create("https://broker.example/status/1"))
          .clock(clock)
          .build();
  private final List<Receiver> receivers = new ArrayList<>();
  private final List<EventDispatcher> dispatchers = new ArrayList<>();

  /** A receiving agency: verifies what it gets and answers as told. */
  private final class Receiver {
    final AgencyId agency;
    final HttpServer server;
    final List<ConsentEvent> received = new CopyOnWriteArrayList<>();
    final List<String> jtis = new CopyOnWriteArrayList<>();
    final AtomicReference<String> contentType = new AtomicReference<>();
    volatile int status = 202;
    volatile String answer = "";
    volatile long delayMillis;

    Receiver(AgencyId agency) throws IOException {
      this.agency = agency;
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.setExecutor(Executors.newFixedThreadPool(8));
      server.createContext("/events", this::handle);
      server.start();
      receivers.add(this);
    }

    URI uri() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/events");
    }

    private void handle(HttpExchange exchange) throws IOException {
      String token = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      contentType.set(exchange.getRequestHeaders().getFirst("Content-Type"));
      try {
        Thread.sleep(delayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      int answerStatus = status;
      if (answerStatus == 202) {
        try {
          SecurityEventTokens.Verified v =
              SecurityEventTokens.verifier(KEYS.verificationKeys(), ISSUER, agency).verify(token);
          received.add(v.event());
          jtis.add(v.jti());
        } catch (InvalidSecurityEventException e) {
          answerStatus = 400;
          answer = "{\"err\":\"" + e.code().err() + "\"}";
        }
      }
      byte[] body = answer.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(answerStatus, body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        exchange.getResponseBody().write(body);
      }
      exchange.close();
    }
  }

  @AfterEach
  void stop() {
    dispatchers.forEach(EventDispatcher::close);
    receivers.forEach(r -> r.server.stop(0));
  }

  private EventDispatcher dispatcher(Map<AgencyId, URI> endpoints, int concurrency) {
    EventDispatcher d =
        EventDispatcher.builder(store.events(), EventEndpoints.of(endpoints))
            .clock(clock)
            .backoff(Duration.ofSeconds(1), Duration.ofMinutes(10))
            .timeout(Duration.ofSeconds(5))
            .concurrencyPerEndpoint(concurrency)
            .build();
    dispatchers.add(d);
    return d;
  }

  private Consent active(int n) {
    ConsentRequest request =
        ConsentRequest.builder()
            .consumer(KB_BANK)
            .item(DataItem.of(NHIS, StoreFixtures.QUALIFICATION))
            .item(DataItem.of(NTS, StoreFixtures.INCOME))
            .purpose(new Purpose("loan-screening", "대출 심사", LegalBasis.PIPA_35_2))
            .delivery(Delivery.oneTime())
            .validity(clock.instant(), clock.instant().plus(Duration.ofDays(90)))
            .retention(Period.ofYears(1))
            .build();
    Consent requested = broker.request(request, citizen(n), "req-" + n);
    return broker.approve(requested.id(), citizen(n), StoreFixtures.evidence(clock.instant()));
  }

  private static List<ConsentEventType> types(Receiver r) {
    return r.received.stream().map(ConsentEvent::type).toList();
  }

  @Test
  void aRevocationIsPushedToTheConsumerAndEveryProvider() throws Exception {
    Receiver bank = new Receiver(KB_BANK);
    Receiver nhis = new Receiver(NHIS);
    Receiver nts = new Receiver(NTS);
    EventDispatcher d =
        dispatcher(Map.of(KB_BANK, bank.uri(), NHIS, nhis.uri(), NTS, nts.uri()), 4);
    Consent c = active(1);
    broker.revoke(c.id(), RevokedBy.CITIZEN, "no longer");
    assertThat(d.drain(Duration.ofSeconds(10))).isTrue();
    for (Receiver r : List.of(bank, nhis, nts)) {
      assertThat(types(r))
          .containsExactly(ConsentEventType.CONSENT_APPROVED, ConsentEventType.CONSENT_REVOKED);
      assertThat(r.received).allSatisfy(e -> assertThat(e.consentId()).isEqualTo(c.id()));
    }
    assertThat(nhis.contentType.get()).isEqualTo("application/secevent+jwt");
    assertThat(store.events().countByState())
        .containsEntry(EventOutbox.State.DELIVERED, 6L)
        .containsEntry(EventOutbox.State.PENDING, 1L); // the end of retention, a year away
  }

  @Test
  void aRefusalIsRecordedWithItsCodeAndNotRetried() throws Exception {
    Receiver nhis = new Receiver(NHIS);
    nhis.status = 400;
    nhis.answer = "{\"err\":\"invalid_audience\",\"description\":\"not ours\"}";
    EventDispatcher d = dispatcher(Map.of(NHIS, nhis.uri()), 1);
    active(1);
    String jti = store.events().pending(NHIS, clock.instant(), 1).get(0).event().jti();
    assertThat(d.drain(Duration.ofSeconds(10))).isTrue();
    EventOutbox.Entry refused = store.events().find(jti).orElseThrow();
    assertThat(refused.state()).isEqualTo(EventOutbox.State.REJECTED);
    assertThat(refused.lastError()).contains("invalid_audience");
    assertThat(refused.attempts()).isEqualTo(1);
    clock.advance(Duration.ofHours(1));
    assertThat(d.runOnce()).isZero();
  }

  @Test
  void aRefusalWithoutAnErrCodeIsRecordedAsAnInvalidResponse() throws Exception {
    Receiver nhis = new Receiver(NHIS);
    nhis.status = 400;
    nhis.answer = "<html>bad request</html>";
    EventDispatcher d = dispatcher(Map.of(NHIS, nhis.uri()), 1);
    active(1);
    String jti = store.events().pending(NHIS, clock.instant(), 1).get(0).event().jti();
    d.drain(Duration.ofSeconds(10));
    assertThat(store.events().find(jti).orElseThrow().lastError()).contains("invalid_response");
  }

  @Test
  void failuresAreRetriedWithBackoffThenDeadLetteredAndReplayable() throws Exception {
    Receiver nhis = new Receiver(NHIS);
    nhis.status = 503;
    EventDispatcher d = dispatcher(Map.of(NHIS, nhis.uri()), 1);
    active(1);
    String jti = store.events().pending(NHIS, clock.instant(), 1).get(0).event().jti();
    d.drain(Duration.ofSeconds(5));
    EventOutbox.Entry first = store.events().find(jti).orElseThrow();
    assertThat(first.state()).isEqualTo(EventOutbox.State.PENDING);
    assertThat(first.attempts()).isEqualTo(1);
    assertThat(first.lastError()).contains("HTTP 503");
    assertThat(first.nextAttemptAt())
        .isBetween(clock.instant().plusMillis(400), clock.instant().plusMillis(1001));
    // an hour of failures: attempts grow, delays double up to 10 minutes
    for (int i = 0; i < 60; i++) {
      clock.advance(Duration.ofMinutes(1));
      d.drain(Duration.ofSeconds(5));
    }
    EventOutbox.Entry later = store.events().find(jti).orElseThrow();
    assertThat(later.state()).isEqualTo(EventOutbox.State.PENDING);
    assertThat(later.attempts()).isBetween(8, 40);
    // past the maximum age (24 h): dead letter
    clock.advance(Duration.ofHours(24));
    d.drain(Duration.ofSeconds(5));
    assertThat(store.events().find(jti).orElseThrow().state()).isEqualTo(EventOutbox.State.DEAD);
    assertThat(store.events().deadLetters(10)).extracting(e -> e.event().jti()).contains(jti);
    // the agency is back; an operator replays: the same jti arrives
    nhis.status = 202;
    assertThat(store.events().replay(jti, clock.instant())).isTrue();
    d.drain(Duration.ofSeconds(5));
    assertThat(nhis.jtis).containsExactly(jti);
    assertThat(store.events().find(jti).orElseThrow().state())
        .isEqualTo(EventOutbox.State.DELIVERED);
  }

  @Test
  void anAgencyDownForAnHourReceivesEverythingAfterwardsInOrderPerConsent() throws Exception {
    Receiver nhis = new Receiver(NHIS);
    nhis.status = 503;
    EventDispatcher d = dispatcher(Map.of(NHIS, nhis.uri()), 4);
    List<Consent> consents = new ArrayList<>();
    for (int n = 1; n <= 5; n++) {
      Consent c = active(n);
      broker.pause(c.id());
      broker.resume(c.id());
      broker.revoke(c.id(), RevokedBy.CITIZEN, "done");
      consents.add(c);
    }
    for (int i = 0; i < 60; i++) {
      d.drain(Duration.ofSeconds(5));
      clock.advance(Duration.ofMinutes(1));
    }
    nhis.status = 202;
    clock.advance(Duration.ofMinutes(11)); // past the longest backoff
    assertThat(d.drain(Duration.ofSeconds(20))).isTrue();
    for (Consent c : consents) {
      assertThat(
              nhis.received.stream()
                  .filter(e -> e.consentId().equals(c.id()))
                  .map(ConsentEvent::type)
                  .toList())
          .containsExactly(
              ConsentEventType.CONSENT_APPROVED,
              ConsentEventType.CONSENT_PAUSED,
              ConsentEventType.CONSENT_RESUMED,
              ConsentEventType.CONSENT_REVOKED);
    }
  }

  @Test
  void aSlowAgencyDoesNotDelayTheOthers() throws Exception {
    Receiver slow = new Receiver(NHIS);
    slow.delayMillis = 3_000;
    Receiver quick = new Receiver(NTS);
    EventDispatcher d = dispatcher(Map.of(NHIS, slow.uri(), NTS, quick.uri()), 2);
    d.start();
    long start = System.nanoTime();
    for (int n = 1; n <= 6; n++) {
      active(n);
    }
    d.nudge();
    while (quick.received.size() < 6 && System.nanoTime() - start < 10_000_000_000L) {
      Thread.sleep(10);
    }
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    assertThat(quick.received).hasSize(6);
    assertThat(slow.received.size()).isLessThan(6);
    assertThat(tookMillis).as("NTS waited for NHIS").isLessThan(2_500);
  }

  @Test
  void pollingAgenciesAreLeftToPoll() {
    EventDispatcher d = dispatcher(Map.of(), 1);
    active(1);
    assertThat(d.runOnce()).isZero();
    assertThat(store.events().pending(NHIS, clock.instant(), 10)).hasSize(1);
  }

  @Test
  void backoffDoublesWithJitterUpToTheMaximum() {
    EventDispatcher d = dispatcher(Map.of(), 1);
    for (int i = 0; i < 200; i++) {
      assertThat(d.backoff(1)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
      assertThat(d.backoff(4)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(8));
      assertThat(d.backoff(40)).isBetween(Duration.ofMinutes(5), Duration.ofMinutes(10));
    }
  }

  @Test
  void theBuilderNamesWhatIsWrong() {
    assertThatThrownBy(
            () ->
                EventDispatcher.builder(store.events(), EventEndpoints.of(Map.of()))
                    .lease(Duration.ofSeconds(5))
                    .timeout(Duration.ofSeconds(10))
                    .build())
        .hasMessageContaining("lease longer than the timeout");
    assertThatThrownBy(
            () ->
                EventDispatcher.builder(store.events(), EventEndpoints.of(Map.of()))
                    .concurrencyPerEndpoint(0))
        .hasMessageContaining("expected 1 to 64");
    assertThat(EventEndpoints.of(new HashMap<>()).endpoint(NHIS)).isEmpty();
  }

  @Test
  void aStoppedLoopStartsAgainAndAClosedOneDoesNot() throws Exception {
    Receiver nhis = new Receiver(NHIS);
    EventDispatcher d = dispatcher(Map.of(NHIS, nhis.uri()), 1);
    d.start();
    d.stop();
    d.stop(); // idempotent
    active(1);
    Thread.sleep(500);
    assertThat(nhis.received).isEmpty(); // stopped: nothing goes out
    d.start();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (nhis.received.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(types(nhis)).containsExactly(ConsentEventType.CONSENT_APPROVED);
    d.close();
    assertThatThrownBy(d::start).hasMessageContaining("closed");
  }
}
