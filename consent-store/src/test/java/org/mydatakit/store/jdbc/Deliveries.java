package org.mydatakit.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.mydatakit.broker.EventOutbox;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.events.ConsentEventType;

/**
 * What {@link DispatcherCrashTest} checks once the dispatching is over: the outbox's rows against
 * what the receiver saw.
 */
final class Deliveries {
  private Deliveries() {}

  /** One outbox row, as the table has it. */
  record Row(
      long seq,
      String jti,
      ConsentId consentId,
      AgencyId receiver,
      ConsentEventType type,
      long notBeforeMs,
      EventOutbox.State state) {
    @Override
    public String toString() {
      return "Row[" + seq + ", " + type + " for " + receiver.value() + ", " + state + "]";
    }
  }

  /** Every row of the outbox, in order. */
  static List<Row> rows(DataSource dataSource) throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement select =
            c.prepareStatement(
                "SELECT seq, jti, consent_id, receiver, event_type, not_before_ms, state FROM"
                    + " mydatakit_event ORDER BY seq");
        ResultSet rs = select.executeQuery()) {
      while (rs.next()) {
        rows.add(
            new Row(
                rs.getLong(1),
                rs.getString(2),
                ConsentId.parse(rs.getString(3)),
                AgencyId.of(rs.getString(4)),
                ConsentEventType.valueOf(rs.getString(5)),
                rs.getLong(6),
                EventOutbox.State.valueOf(rs.getString(7))));
      }
    }
    return rows;
  }

  /**
   * Every due event is DELIVERED and the later ones still PENDING; the receiver saw each due event
   * and nothing else, each repeat with the same jti, agency, consent and SET, every one it had held
   * again; and each agency got each consent's events in the outbox's order, every one only after
   * the one before it was acknowledged.
   *
   * @param due the events due when the dispatching started, by jti
   * @param later the events not yet due then
   * @param now the outbox's rows now
   * @param arrivals what the receiver saw, in arrival order
   * @param refused the SETs the receiver refused
   */
  static void assertEachDueEventDeliveredInOrder(
      Map<String, Row> due,
      List<Row> later,
      List<Row> now,
      List<HoldingReceiver.Arrival> arrivals,
      List<String> refused) {
    // every event written and due is DELIVERED; the later ones wait for their time
    Map<String, Row> after = new HashMap<>();
    now.forEach(r -> after.put(r.jti(), r));
    assertThat(due.keySet())
        .as("due events not DELIVERED")
        .filteredOn(jti -> after.get(jti).state() != EventOutbox.State.DELIVERED)
        .isEmpty();
    assertThat(later)
        .as("events not yet due, still PENDING")
        .allMatch(r -> after.get(r.jti()).state() == EventOutbox.State.PENDING);
    assertThat(after).hasSize(due.size() + later.size());
    assertThat(refused).as("SETs the receiver refused").isEmpty();

    // each due event seen at least once, nothing else; a repeat is the same jti and SET
    Map<String, List<HoldingReceiver.Arrival>> byJti =
        arrivals.stream()
            .collect(
                Collectors.groupingBy(
                    HoldingReceiver.Arrival::jti, LinkedHashMap::new, Collectors.toList()));
    assertThat(byJti.keySet()).as("the jtis the receiver saw").isEqualTo(due.keySet());
    for (List<HoldingReceiver.Arrival> same : byJti.values()) {
      Row row = due.get(same.get(0).jti());
      assertThat(same)
          .as("deliveries of %s", row)
          .allMatch(a -> a.agency().equals(row.receiver()))
          .allMatch(a -> a.consentId().equals(row.consentId()))
          .allMatch(a -> a.token().equals(same.get(0).token()))
          .anyMatch(HoldingReceiver.Arrival::answered);
    }
    assertThat(arrivals)
        .filteredOn(a -> !a.answered())
        .as("every delivery the killed child had in flight is delivered again")
        .allMatch(a -> byJti.get(a.jti()).size() >= 2);

    // per agency and consent: the outbox's order, each only after the one before was acknowledged
    Map<String, List<Long>> queues = new HashMap<>();
    for (Row row : due.values()) {
      queues
          .computeIfAbsent(key(row.receiver(), row.consentId()), k -> new ArrayList<>())
          .add(row.seq());
    }
    Map<String, Set<Long>> acknowledged = new HashMap<>();
    Map<String, List<Long>> firstSeen = new HashMap<>();
    Set<String> seen = new HashSet<>();
    for (HoldingReceiver.Arrival a : arrivals) {
      String key = key(a.agency(), a.consentId());
      long seq = due.get(a.jti()).seq();
      Set<Long> acked = acknowledged.computeIfAbsent(key, k -> new HashSet<>());
      List<Long> before = queues.get(key).stream().filter(s -> s < seq).toList();
      assertThat(acked)
          .as("%s of %s arrived only after the events before it were acknowledged", a, key)
          .containsAll(before);
      if (a.answered()) {
        acked.add(seq);
      }
      if (seen.add(a.jti())) {
        firstSeen.computeIfAbsent(key, k -> new ArrayList<>()).add(seq);
      }
    }
    assertThat(firstSeen).as("each consent's events, deduplicated on jti").isEqualTo(queues);
  }

  private static String key(AgencyId agency, ConsentId consent) {
    return agency.value() + "/" + consent;
  }
}
