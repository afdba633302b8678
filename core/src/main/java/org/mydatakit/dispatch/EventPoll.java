package org.mydatakit.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.mydatakit.broker.EventOutbox;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.internal.Checks;
import org.mydatakit.internal.StrictJson;

/**
 * Poll delivery of consent events (RFC 8936), for agencies that cannot receive calls: the agency
 * POSTs a JSON poll request — acknowledgements ({@code ack}), refusals ({@code setErrs}), how many
 * it wants ({@code maxEvents}) — and gets its due events back as {@code sets} ({@code jti} → SET),
 * at most one per consent per answer so that it sees each consent's events in order, with {@code
 * moreAvailable}. The broker server answers at {@code POST /events/poll} for the authenticated
 * agency; this class is the transport-free part.
 *
 * <pre>{@code
 * EventPoll poll = new EventPoll(store.events(), Clock.systemUTC());
 * String answer = poll.answer(agency, "{\"ack\":[\"4d3559ec…\"],\"maxEvents\":10}");
 * }</pre>
 *
 * <p>{@code returnImmediately: false} is accepted and answered at once (RFC 8936 lets a server
 * answer before events arrive); the agency polls again.
 */
public final class EventPoll {
  /** The most events one answer carries. */
  public static final int MAX_EVENTS = 100;

  private static final int MAX_REQUEST_BYTES = 256 * 1024;

  private final EventOutbox outbox;
  private final Clock clock;

  /** A poll over {@code outbox}. */
  public EventPoll(EventOutbox outbox, Clock clock) {
    this.outbox = Checks.notNull("outbox", outbox);
    this.clock = Checks.notNull("clock", clock);
  }

  /**
   * Applies the poll request of {@code receiver} and answers it.
   *
   * @param receiver the authenticated agency: it acknowledges and receives only its own events
   * @param request the JSON poll request (RFC 8936 §2.4)
   * @return the JSON answer (RFC 8936 §2.5)
   * @throws IllegalArgumentException (answer {@code 400 invalid_request}) if the request is not a
   *     well-formed poll request; nothing is applied then
   */
  public String answer(AgencyId receiver, String request) {
    Checks.notNull("receiver", receiver);
    Checks.notNull("poll request", request);
    if (request.length() > MAX_REQUEST_BYTES) {
      throw new IllegalArgumentException("poll request: expected at most 256 KiB");
    }
    JsonNode body;
    try {
      body = StrictJson.mapper().readTree(request.isBlank() ? "{}" : request);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("poll request: expected a JSON object");
    }
    if (body == null || !body.isObject()) {
      throw new IllegalArgumentException("poll request: expected a JSON object");
    }
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!List.of("ack", "setErrs", "maxEvents", "returnImmediately").contains(name)) {
        throw new IllegalArgumentException(
            "poll request: expected only ack, setErrs, maxEvents and returnImmediately, got "
                + safe(name));
      }
    }
    List<String> acks = new ArrayList<>();
    JsonNode ack = body.get("ack");
    if (ack != null) {
      if (!ack.isArray()) {
        throw new IllegalArgumentException("poll request: expected ack to be an array of jti");
      }
      for (JsonNode jti : ack) {
        acks.add(jti(jti));
      }
    }
    List<String[]> errors = new ArrayList<>();
    JsonNode setErrs = body.get("setErrs");
    if (setErrs != null) {
      if (!setErrs.isObject()) {
        throw new IllegalArgumentException("poll request: expected setErrs to be an object");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = setErrs.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode err = e.getValue().get("err");
        if (err == null || !err.isTextual() || !err.asText().matches("[a-z_]{1,64}")) {
          throw new IllegalArgumentException("poll request: expected an err code in setErrs");
        }
        errors.add(
            new String[] {
              jti(StrictJson.mapper().getNodeFactory().textNode(e.getKey())), err.asText()
            });
      }
    }
    int max = 10;
    JsonNode maxEvents = body.get("maxEvents");
    if (maxEvents != null) {
      if (!maxEvents.isIntegralNumber() || !maxEvents.canConvertToInt() || maxEvents.asInt() < 0) {
        throw new IllegalArgumentException("poll request: expected maxEvents to be 0 or more");
      }
      max = Math.min(maxEvents.asInt(), MAX_EVENTS);
    }
    JsonNode immediately = body.get("returnImmediately");
    if (immediately != null && !immediately.isBoolean()) {
      throw new IllegalArgumentException("poll request: expected returnImmediately to be boolean");
    }
    Instant now = clock.instant();
    if (!acks.isEmpty()) {
      outbox.acknowledge(receiver, acks, now);
    }
    for (String[] error : errors) {
      outbox.reject(receiver, error[0], error[1], now);
    }
    ObjectNode answer = StrictJson.mapper().createObjectNode();
    ObjectNode sets = answer.putObject("sets");
    boolean more = false;
    if (max > 0) {
      List<EventOutbox.Entry> due = outbox.pending(receiver, now, max + 1);
      more = due.size() > max;
      for (EventOutbox.Entry e : due.subList(0, Math.min(max, due.size()))) {
        sets.put(e.event().jti(), e.event().token());
      }
    } else {
      more = !outbox.pending(receiver, now, 1).isEmpty();
    }
    answer.put("moreAvailable", more);
    return answer.toString();
  }

  private static String jti(JsonNode node) {
    if (node == null || !node.isTextual() || !node.asText().matches("[A-Za-z0-9._~-]{1,128}")) {
      throw new IllegalArgumentException("poll request: expected a jti");
    }
    return node.asText();
  }

  private static String safe(String name) {
    return name.matches("[A-Za-z0-9_]{1,32}") ? name : "(not shown)";
  }

  @Override
  public String toString() {
    return "EventPoll[" + outbox + "]";
  }
}
