package org.mydatakit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.mydatakit.broker.EventOutbox;

/** How the {@code events} commands print an outbox row: never its token. */
final class EventLines {
  private static final ObjectMapper JSON = new ObjectMapper();

  private EventLines() {}

  /** seq, jti, receiver, type, consent id, attempts, last error, done at; tab-separated. */
  static String text(EventOutbox.Entry e) {
    return String.join(
        "\t",
        Long.toString(e.seq()),
        e.event().jti(),
        e.event().receiver().value(),
        e.event().type().name(),
        e.event().consentId().toString(),
        Integer.toString(e.attempts()),
        e.lastError().map(EventLines::oneLine).orElse("-"),
        e.doneAt().map(Instant::toString).orElse("-"));
  }

  /** The same, and when the event was written and due, as one JSON object. */
  static String json(EventOutbox.Entry e) {
    ObjectNode node = JSON.createObjectNode();
    node.put("seq", e.seq());
    node.put("jti", e.event().jti());
    node.put("receiver", e.event().receiver().value());
    node.put("type", e.event().type().name());
    node.put("consentId", e.event().consentId().toString());
    node.put("state", e.state().name());
    node.put("attempts", e.attempts());
    e.lastError().ifPresent(error -> node.put("lastError", error));
    node.put("createdAt", e.event().createdAt().toString());
    node.put("notBefore", e.event().notBefore().toString());
    e.doneAt().ifPresent(at -> node.put("doneAt", at.toString()));
    return node.toString();
  }

  /** A stored error on one line, so that the columns stay apart. */
  private static String oneLine(String error) {
    String clean = error.replaceAll("\\p{Cntrl}", " ").strip();
    return clean.isEmpty() ? "-" : clean;
  }
}
