package org.mydatakit.store.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.mydatakit.broker.ErasureRecord;
import org.mydatakit.broker.EventOutbox;
import org.mydatakit.broker.OutboxEvent;
import org.mydatakit.broker.OverdueErasure;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.events.ConsentEventType;

/** The outbox of consent events and the erasure attestations, in SQL. */
public final class EventRows {
  private static final String COLUMNS =
      "SELECT seq, jti, consent_id, receiver, event_type, token, created_at, not_before, state,"
          + " attempts, next_attempt_ms, last_error, done_ms FROM mydatakit_event ";

  /** No earlier due PENDING event of the same consent for the same receiver: keeps the order. */
  private static final String HEAD =
      " AND NOT EXISTS (SELECT 1 FROM mydatakit_event p WHERE p.consent_id = e.consent_id AND"
          + " p.receiver = e.receiver AND p.state = 'PENDING' AND p.not_before_ms <= ? AND p.seq <"
          + " e.seq)";

  private final Transactions tx;
  private final boolean postgresql;

  public EventRows(Transactions tx, boolean postgresql) {
    this.tx = tx;
    this.postgresql = postgresql;
  }

  public void insert(Connection c, Collection<OutboxEvent> events) throws SQLException {
    if (events.isEmpty()) {
      return;
    }
    try (PreparedStatement insert =
        tx.prepare(
            c,
            "INSERT INTO mydatakit_event (jti, consent_id, receiver, event_type, token, created_at,"
                + " not_before, not_before_ms, state, attempts, next_attempt_ms) VALUES (?, ?, ?,"
                + " ?, ?, ?, ?, ?, 'PENDING', 0, ?)")) {
      for (OutboxEvent e : events) {
        long notBefore = ConsentRows.ceilMillis(e.notBefore());
        insert.setString(1, e.jti());
        insert.setString(2, e.consentId().toString());
        insert.setString(3, e.receiver().value());
        insert.setString(4, e.type().name());
        insert.setString(5, e.token());
        insert.setString(6, e.createdAt().toString());
        insert.setString(7, e.notBefore().toString());
        insert.setLong(8, notBefore);
        insert.setLong(9, notBefore);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** Leases the due heads of {@code receiver}'s queues; the caller commits. */
  public List<EventOutbox.Entry> claim(
      Connection c, AgencyId receiver, Instant now, long leaseUntilMs, int limit)
      throws SQLException {
    long nowMs = now.toEpochMilli();
    List<Long> seqs = new ArrayList<>();
    try (PreparedStatement select =
        tx.prepare(
            c,
            "SELECT e.seq FROM mydatakit_event e WHERE e.receiver = ? AND e.state = 'PENDING' AND"
                + " e.not_before_ms <= ? AND e.next_attempt_ms <= ? AND (e.lease_until_ms IS NULL"
                + " OR e.lease_until_ms <= ?)"
                + HEAD
                + " ORDER BY e.seq LIMIT ? FOR UPDATE"
                + (postgresql ? " SKIP LOCKED" : ""))) {
      select.setString(1, receiver.value());
      select.setLong(2, nowMs);
      select.setLong(3, nowMs);
      select.setLong(4, nowMs);
      select.setLong(5, nowMs);
      select.setInt(6, limit);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          seqs.add(rs.getLong(1));
        }
      }
    }
    List<EventOutbox.Entry> claimed = new ArrayList<>(seqs.size());
    try (PreparedStatement lease =
        tx.prepare(
            c,
            "UPDATE mydatakit_event SET lease_until_ms = ?, attempts = attempts + 1 WHERE seq ="
                + " ?")) {
      for (long seq : seqs) {
        lease.setLong(1, leaseUntilMs);
        lease.setLong(2, seq);
        lease.addBatch();
      }
      lease.executeBatch();
    }
    for (long seq : seqs) {
      claimed.add(bySeq(c, seq));
    }
    return claimed;
  }

  public List<AgencyId> receiversDue(Connection c, Instant now) throws SQLException {
    long nowMs = now.toEpochMilli();
    List<AgencyId> receivers = new ArrayList<>();
    try (PreparedStatement select =
        tx.prepare(
            c,
            "SELECT DISTINCT e.receiver FROM mydatakit_event e WHERE e.state = 'PENDING' AND"
                + " e.not_before_ms <= ? AND e.next_attempt_ms <= ? AND (e.lease_until_ms IS NULL"
                + " OR e.lease_until_ms <= ?)"
                + HEAD
                + " ORDER BY e.receiver")) {
      select.setLong(1, nowMs);
      select.setLong(2, nowMs);
      select.setLong(3, nowMs);
      select.setLong(4, nowMs);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          receivers.add(AgencyId.of(rs.getString(1)));
        }
      }
    }
    return receivers;
  }

  /** Moves a PENDING row to a final state; no effect otherwise. */
  public int finish(Connection c, long seq, EventOutbox.State state, String error, Instant at)
      throws SQLException {
    try (PreparedStatement update =
        tx.prepare(
            c,
            "UPDATE mydatakit_event SET state = ?, lease_until_ms = NULL, done_ms = ?, last_error"
                + " = COALESCE(?, last_error) WHERE seq = ? AND state = 'PENDING'")) {
      update.setString(1, state.name());
      update.setLong(2, at.toEpochMilli());
      setError(update, 3, error);
      update.setLong(4, seq);
      return update.executeUpdate();
    }
  }

  /** Finishes the receiver's own PENDING row {@code jti}. */
  public int finishOwn(
      Connection c,
      AgencyId receiver,
      String jti,
      EventOutbox.State state,
      String error,
      Instant at)
      throws SQLException {
    try (PreparedStatement update =
        tx.prepare(
            c,
            "UPDATE mydatakit_event SET state = ?, lease_until_ms = NULL, done_ms = ?, last_error"
                + " = COALESCE(?, last_error) WHERE jti = ? AND receiver = ? AND state ="
                + " 'PENDING'")) {
      update.setString(1, state.name());
      update.setLong(2, at.toEpochMilli());
      setError(update, 3, error);
      update.setString(4, jti);
      update.setString(5, receiver.value());
      return update.executeUpdate();
    }
  }

  public void retryAt(Connection c, long seq, Instant next, String error) throws SQLException {
    try (PreparedStatement update =
        tx.prepare(
            c,
            "UPDATE mydatakit_event SET lease_until_ms = NULL, next_attempt_ms = ?, last_error = ?"
                + " WHERE seq = ? AND state = 'PENDING'")) {
      update.setLong(1, ConsentRows.ceilMillis(next));
      setError(update, 2, error);
      update.setLong(3, seq);
      update.executeUpdate();
    }
  }

  public boolean replay(Connection c, String jti, Instant now) throws SQLException {
    try (PreparedStatement update =
        tx.prepare(
            c,
            "UPDATE mydatakit_event SET state = 'PENDING', attempts = 0, next_attempt_ms = ?,"
                + " lease_until_ms = NULL, done_ms = NULL WHERE jti = ? AND state IN ('DEAD',"
                + " 'REJECTED')")) {
      update.setLong(1, now.toEpochMilli());
      update.setString(2, jti);
      return update.executeUpdate() == 1;
    }
  }

  public List<EventOutbox.Entry> deadLetters(Connection c, int limit) throws SQLException {
    try (PreparedStatement select =
        tx.prepare(c, COLUMNS + "WHERE state = 'DEAD' ORDER BY seq LIMIT ?")) {
      select.setInt(1, limit);
      return entries(select);
    }
  }

  public List<EventOutbox.Entry> pending(Connection c, AgencyId receiver, Instant now, int limit)
      throws SQLException {
    long nowMs = now.toEpochMilli();
    try (PreparedStatement select =
        tx.prepare(
            c,
            COLUMNS.replace("FROM mydatakit_event", "FROM mydatakit_event e")
                + "WHERE e.receiver = ? AND e.state = 'PENDING' AND e.not_before_ms <= ?"
                + HEAD
                + " ORDER BY e.seq LIMIT ?")) {
      select.setString(1, receiver.value());
      select.setLong(2, nowMs);
      select.setLong(3, nowMs);
      select.setInt(4, limit);
      return entries(select);
    }
  }

  public Optional<EventOutbox.Entry> find(Connection c, String jti) throws SQLException {
    try (PreparedStatement select = tx.prepare(c, COLUMNS + "WHERE jti = ?")) {
      select.setString(1, jti);
      List<EventOutbox.Entry> found = entries(select);
      return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }
  }

  public List<Object[]> countByState(Connection c) throws SQLException {
    List<Object[]> counts = new ArrayList<>();
    try (PreparedStatement select =
            tx.prepare(c, "SELECT state, COUNT(*) FROM mydatakit_event GROUP BY state");
        ResultSet rs = select.executeQuery()) {
      while (rs.next()) {
        counts.add(new Object[] {EventOutbox.State.valueOf(rs.getString(1)), rs.getLong(2)});
      }
    }
    return counts;
  }

  private EventOutbox.Entry bySeq(Connection c, long seq) throws SQLException {
    try (PreparedStatement select = tx.prepare(c, COLUMNS + "WHERE seq = ?")) {
      select.setLong(1, seq);
      return entries(select).get(0);
    }
  }

  private static List<EventOutbox.Entry> entries(PreparedStatement select) throws SQLException {
    List<EventOutbox.Entry> entries = new ArrayList<>();
    try (ResultSet rs = select.executeQuery()) {
      while (rs.next()) {
        OutboxEvent event =
            new OutboxEvent(
                rs.getString(2),
                ConsentId.parse(rs.getString(3)),
                AgencyId.of(rs.getString(4)),
                ConsentEventType.valueOf(rs.getString(5)),
                rs.getString(6),
                Instant.parse(rs.getString(7)),
                Instant.parse(rs.getString(8)));
        long done = rs.getLong(13);
        Optional<Instant> doneAt =
            rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(done));
        entries.add(
            new EventOutbox.Entry(
                rs.getLong(1),
                event,
                EventOutbox.State.valueOf(rs.getString(9)),
                rs.getInt(10),
                Instant.ofEpochMilli(rs.getLong(11)),
                Optional.ofNullable(rs.getString(12)),
                doneAt));
      }
    }
    return entries;
  }

  private static void setError(PreparedStatement statement, int index, String error)
      throws SQLException {
    if (error == null) {
      statement.setNull(index, Types.VARCHAR);
    } else {
      statement.setString(index, error.length() > 256 ? error.substring(0, 256) : error);
    }
  }

  // ---- erasure attestations

  public boolean erasureKept(Connection c, String jti) throws SQLException {
    try (PreparedStatement select =
        tx.prepare(c, "SELECT 1 FROM mydatakit_erasure WHERE jti = ?")) {
      select.setString(1, jti);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next();
      }
    }
  }

  public void insertErasure(Connection c, ErasureRecord r) throws SQLException {
    try (PreparedStatement insert =
        tx.prepare(
            c,
            "INSERT INTO mydatakit_erasure (jti, consent_id, consumer, deliveries, erased_at,"
                + " recorded_at, token) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, r.jti());
      insert.setString(2, r.consentId().toString());
      insert.setString(3, r.consumer().value());
      insert.setString(4, String.join("\n", r.deliveries()));
      insert.setString(5, r.erasedAt().toString());
      insert.setString(6, r.recordedAt().toString());
      insert.setString(7, r.token());
      insert.executeUpdate();
    }
  }

  public List<ErasureRecord> erasures(Connection c, ConsentId id) throws SQLException {
    List<ErasureRecord> kept = new ArrayList<>();
    try (PreparedStatement select =
        tx.prepare(
            c,
            "SELECT jti, consumer, deliveries, erased_at, recorded_at, token FROM"
                + " mydatakit_erasure WHERE consent_id = ? ORDER BY recorded_at, jti")) {
      select.setString(1, id.toString());
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          kept.add(
              new ErasureRecord(
                  rs.getString(1),
                  id,
                  AgencyId.of(rs.getString(2)),
                  List.of(rs.getString(3).split("\n")),
                  Instant.parse(rs.getString(4)),
                  Instant.parse(rs.getString(5)),
                  rs.getString(6)));
        }
      }
    }
    return kept;
  }

  private static final String OVERDUE =
      " FROM mydatakit_event e JOIN mydatakit_consent c ON c.consent_id = e.consent_id AND"
          + " c.consumer = e.receiver WHERE e.event_type IN ('CONSENT_REVOKED', 'RETENTION_ENDED')"
          + " AND e.not_before_ms <= ? AND NOT EXISTS (SELECT 1 FROM mydatakit_erasure x WHERE"
          + " x.consent_id = e.consent_id) AND EXISTS (SELECT 1 FROM mydatakit_fetch f WHERE"
          + " f.consent_id = e.consent_id AND f.outcome = 'DELIVERED')";

  public List<OverdueErasure> overdue(Connection c, Instant dueBefore, int limit)
      throws SQLException {
    List<OverdueErasure> overdue = new ArrayList<>();
    try (PreparedStatement select =
        tx.prepare(
            c,
            "SELECT e.consent_id, c.consumer, MIN(e.not_before_ms) AS due_ms"
                + OVERDUE
                + " GROUP BY e.consent_id, c.consumer ORDER BY due_ms, e.consent_id LIMIT ?")) {
      select.setLong(1, dueBefore.toEpochMilli());
      select.setInt(2, limit);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          overdue.add(
              new OverdueErasure(
                  ConsentId.parse(rs.getString(1)),
                  AgencyId.of(rs.getString(2)),
                  Instant.ofEpochMilli(rs.getLong(3))));
        }
      }
    }
    return overdue;
  }

  public long countOverdue(Connection c, Instant dueBefore) throws SQLException {
    try (PreparedStatement select =
        tx.prepare(c, "SELECT COUNT(DISTINCT e.consent_id)" + OVERDUE)) {
      select.setLong(1, dueBefore.toEpochMilli());
      try (ResultSet rs = select.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
