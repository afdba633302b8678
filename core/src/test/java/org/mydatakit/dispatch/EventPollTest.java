package org.mydatakit.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mydatakit.store.tck.StoreFixtures.KB_BANK;
import static org.mydatakit.store.tck.StoreFixtures.NHIS;
import static org.mydatakit.store.tck.StoreFixtures.NTS;
import static org.mydatakit.store.tck.StoreFixtures.T0;
import static org.mydatakit.store.tck.StoreFixtures.active;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mydatakit.audit.AuditEventType;
import org.mydatakit.broker.ConsentChange;
import org.mydatakit.broker.EventOutbox;
import org.mydatakit.broker.InMemoryConsentStore;
import org.mydatakit.broker.OutboxEvent;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.internal.ConsentLifecycle;
import org.mydatakit.events.ConsentEventType;
import org.mydatakit.store.tck.StoreFixtures;

/** RFC 8936 poll delivery: acknowledgements, refusals, one event per consent per answer. */
class EventPollTest {
  private final InMemoryConsentStore store = new InMemoryConsentStore();
  private final EventPoll poll = new EventPoll(store.events(), Clock.fixed(T0, ZoneOffset.UTC));
  private final ObjectMapper json = new ObjectMapper();

  private List<OutboxEvent> write(Consent c, ConsentEventType... types) {
    List<OutboxEvent> events = new ArrayList<>();
    for (ConsentEventType type : types) {
      events.add(StoreFixtures.outboxEvent(c, NTS, type));
    }
    store.change(
        "pause",
        c.id(),
        locked ->
            List.of(
                new ConsentChange(
                    locked.consent(),
                    ConsentLifecycle.pause(locked.consent(), T0),
                    StoreFixtures.event(c, AuditEventType.PAUSED, T0),
                    Optional.empty(),
                    events)));
    return events;
  }

  private List<String> jtis(String answer) throws Exception {
    List<String> jtis = new ArrayList<>();
    for (Iterator<String> it = json.readTree(answer).get("sets").fieldNames(); it.hasNext(); ) {
      jtis.add(it.next());
    }
    return jtis;
  }

  @Test
  void anAgencyPollsAcknowledgesAndGetsTheNextInOrder() throws Exception {
    List<OutboxEvent> a =
        write(active(store, 1), ConsentEventType.CONSENT_PAUSED, ConsentEventType.CONSENT_REVOKED);
    List<OutboxEvent> b = write(active(store, 2), ConsentEventType.CONSENT_PAUSED);
    String first = poll.answer(NTS, "{\"maxEvents\":10,\"returnImmediately\":true}");
    assertThat(jtis(first)).containsExactlyInAnyOrder(a.get(0).jti(), b.get(0).jti());
    JsonNode sets = json.readTree(first).get("sets");
    assertThat(sets.get(a.get(0).jti()).asText()).isEqualTo(a.get(0).token());
    assertThat(json.readTree(first).get("moreAvailable").asBoolean()).isFalse();
    String second =
        poll.answer(
            NTS,
            "{\"ack\":[\""
                + a.get(0).jti()
                + "\"],\"setErrs\":{\""
                + b.get(0).jti()
                + "\":{\"err\":\"invalid_key\",\"description\":\"rotated\"}}}");
    assertThat(jtis(second)).containsExactly(a.get(1).jti());
    assertThat(store.events().find(b.get(0).jti()).orElseThrow().state())
        .isEqualTo(EventOutbox.State.REJECTED);
    assertThat(store.events().find(b.get(0).jti()).orElseThrow().lastError())
        .contains("invalid_key");
    assertThat(jtis(poll.answer(NHIS, "{}"))).isEmpty(); // NHIS sees none of NTS's events
    // another agency cannot acknowledge NTS's events
    poll.answer(KB_BANK, "{\"ack\":[\"" + a.get(1).jti() + "\"]}");
    assertThat(store.events().find(a.get(1).jti()).orElseThrow().state())
        .isEqualTo(EventOutbox.State.PENDING);
  }

  @Test
  void maxEventsLimitsTheAnswerAndSaysMoreIsAvailable() throws Exception {
    for (int n = 1; n <= 3; n++) {
      write(active(store, n), ConsentEventType.CONSENT_PAUSED);
    }
    String answer = poll.answer(NTS, "{\"maxEvents\":2}");
    assertThat(jtis(answer)).hasSize(2);
    assertThat(json.readTree(answer).get("moreAvailable").asBoolean()).isTrue();
    String none = poll.answer(NTS, "{\"maxEvents\":0}");
    assertThat(jtis(none)).isEmpty();
    assertThat(json.readTree(none).get("moreAvailable").asBoolean()).isTrue();
  }

  @Test
  void malformedRequestsAreRefusedAndApplyNothing() {
    List<OutboxEvent> a = write(active(store, 1), ConsentEventType.CONSENT_PAUSED);
    for (String bad :
        List.of(
            "[]",
            "not json",
            "{\"ack\":\"" + a.get(0).jti() + "\"}",
            "{\"ack\":[\"" + a.get(0).jti() + "\"],\"maxEvents\":-1}",
            "{\"ack\":[\"" + a.get(0).jti() + "\"],\"extra\":1}",
            "{\"ack\":[\"" + a.get(0).jti() + "\"],\"setErrs\":{\"x\":{}}}",
            "{\"ack\":[\"" + a.get(0).jti() + "\"],\"returnImmediately\":\"yes\"}",
            "{\"ack\":[\"a b\"]}")) {
      assertThatThrownBy(() -> poll.answer(NTS, bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("poll request: expected")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(a.get(0).jti()));
    }
    assertThat(store.events().find(a.get(0).jti()).orElseThrow().state())
        .isEqualTo(EventOutbox.State.PENDING);
  }
}
