package org.mydatakit.store.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.mydatakit.audit.AuditEntry;
import org.mydatakit.audit.AuditEvent;
import org.mydatakit.audit.AuditEventType;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.internal.StrictJson;

/**
 * The audit chain in SQL. An append locks the one head row, so concurrent appends queue up and each
 * links to the entry before it; the primary key on the sequence would refuse a fork anyway. Call
 * {@link #appendAll} after every other row lock of the transaction, so locks are always taken in
 * the order consent rows, then the head: no deadlock.
 *
 * <p>On PostgreSQL an append is first tried in one statement against the head this store last wrote
 * or read: the head row is moved only if it still holds that sequence and hash, and the entries are
 * inserted only if it moved. Whatever the cached head says, an entry can only link to the head it
 * replaces, so a stale cache (another node, a rolled-back transaction) costs a miss and the locking
 * append (read the head for update, insert, move the head), never a fork.
 */
public final class AuditRows {
  private static final String INSERT_COLUMNS =
      "INSERT INTO mydatakit_audit (seq, consent_id, at_ms, type, actor, details, prev_hash, hash)";

  private final Transactions tx;
  private final boolean oneStatementAppend;
  private final AtomicReference<Head> known = new AtomicReference<>();

  /** The head as last seen by this store: a hint for the one-statement append, never trusted. */
  private record Head(long seq, String hash) {}

  /**
   * SQL that runs in the same statement ahead of an append: common table expressions, the binder of
   * their parameters (from the first index; returns the next), and the expression whose rows gate
   * the append (no row, no append).
   */
  public record Prelude(String ctes, String gate, Binder binder) {}

  /** Binds parameters from {@code index} on; returns the next free index. */
  @FunctionalInterface
  public interface Binder {
    int bind(PreparedStatement statement, int index) throws SQLException;
  }

  /** What a gated append did: the gate's rows, and the entries appended (empty if it had none). */
  public record Gated(int gateRows, List<AuditEntry> entries) {}

  /**
   * @param oneStatementAppend true on PostgreSQL: try the one-statement append first
   */
  public AuditRows(Transactions tx, boolean oneStatementAppend) {
    this.tx = tx;
    this.oneStatementAppend = oneStatementAppend;
  }

  public AuditEntry append(Connection c, AuditEvent event) throws SQLException {
    return appendAll(c, List.of(event)).get(0);
  }

  /** Appends {@code events} in order, linked to the head, under the head's row lock. */
  public List<AuditEntry> appendAll(Connection c, List<AuditEvent> events) throws SQLException {
    if (events.isEmpty()) {
      return List.of();
    }
    if (oneStatementAppend) {
      List<AuditEntry> appended = atKnownHead(c, events, null).entries();
      if (!appended.isEmpty()) {
        return appended;
      }
    }
    return locked(c, events);
  }

  /**
   * Runs {@code prelude} and, if its gate has rows, appends {@code events}, in one statement when
   * the cached head still holds (PostgreSQL only); otherwise the prelude's effect stands and the
   * events are appended by the locking path. Returns the gate's rows; no entries if it had none.
   */
  public Gated appendAfter(Connection c, Prelude prelude, List<AuditEvent> events)
      throws SQLException {
    if (!oneStatementAppend) {
      throw new IllegalStateException("appendAfter: expected PostgreSQL");
    }
    Gated gated = atKnownHead(c, events, prelude);
    if (gated.gateRows() == 0 || !gated.entries().isEmpty()) {
      return gated;
    }
    return new Gated(gated.gateRows(), locked(c, events));
  }

  /** One statement; entries empty on a cache miss (the head had moved) or a closed gate. */
  private Gated atKnownHead(Connection c, List<AuditEvent> events, Prelude prelude)
      throws SQLException {
    Head head = known.get();
    if (head == null) {
      head = new Head(0, AuditEntry.GENESIS); // right for an empty log, else a first miss
    }
    List<AuditEntry> entries = seal(events, head);
    StringBuilder sql = new StringBuilder("WITH ");
    if (prelude != null) {
      sql.append(prelude.ctes()).append(", ");
    }
    sql.append("h AS (UPDATE mydatakit_audit_head SET seq = ?, hash = ? WHERE id = 1 AND seq = ?")
        .append(" AND hash = ?");
    if (prelude != null) {
      sql.append(" AND EXISTS (SELECT 1 FROM ").append(prelude.gate()).append(")");
    }
    sql.append(" RETURNING seq), a AS (").append(INSERT_COLUMNS).append(" ");
    for (int i = 0; i < entries.size(); i++) {
      sql.append(i == 0 ? "" : " UNION ALL ").append("SELECT ?, ?, ?, ?, ?, ?, ?, ? FROM h");
    }
    sql.append(" RETURNING seq) SELECT ")
        .append(prelude == null ? "1" : "(SELECT count(*) FROM " + prelude.gate() + ")")
        .append(", (SELECT count(*) FROM a)");
    try (PreparedStatement statement = tx.prepare(c, sql.toString())) {
      int index = prelude == null ? 1 : prelude.binder().bind(statement, 1);
      AuditEntry last = entries.get(entries.size() - 1);
      statement.setLong(index++, last.sequence());
      statement.setString(index++, last.hash());
      statement.setLong(index++, head.seq());
      statement.setString(index++, head.hash());
      for (AuditEntry entry : entries) {
        index = bindEntry(statement, index, entry);
      }
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        int gateRows = rs.getInt(1);
        if (rs.getInt(2) != entries.size()) {
          return new Gated(gateRows, List.of());
        }
        known.set(new Head(last.sequence(), last.hash()));
        return new Gated(gateRows, entries);
      }
    }
  }

  /**
   * Appends under a lock of the head: one read of the head, one insert per entry, one update of the
   * head.
   */
  private List<AuditEntry> locked(Connection c, List<AuditEvent> events) throws SQLException {
    Head head;
    try (PreparedStatement select =
        tx.prepare(c, "SELECT seq, hash FROM mydatakit_audit_head WHERE id = 1 FOR UPDATE")) {
      try (ResultSet rs = select.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("mydatakit_audit_head is empty: was migrate() run?");
        }
        head = new Head(rs.getLong(1), rs.getString(2));
      }
    }
    List<AuditEntry> entries = seal(events, head);
    try (PreparedStatement insert =
        tx.prepare(c, INSERT_COLUMNS + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (AuditEntry entry : entries) {
        bindEntry(insert, 1, entry);
        insert.executeUpdate();
      }
    }
    AuditEntry last = entries.get(entries.size() - 1);
    try (PreparedStatement update =
        tx.prepare(c, "UPDATE mydatakit_audit_head SET seq = ?, hash = ? WHERE id = 1")) {
      update.setLong(1, last.sequence());
      update.setString(2, last.hash());
      update.executeUpdate();
    }
    known.set(new Head(last.sequence(), last.hash()));
    return entries;
  }

  private static List<AuditEntry> seal(List<AuditEvent> events, Head head) {
    List<AuditEntry> entries = new ArrayList<>(events.size());
    long seq = head.seq();
    String hash = head.hash();
    for (AuditEvent event : events) {
      AuditEntry entry = AuditEntry.seal(seq + 1, event, hash);
      entries.add(entry);
      seq = entry.sequence();
      hash = entry.hash();
    }
    return entries;
  }

  private static int bindEntry(PreparedStatement s, int index, AuditEntry entry)
      throws SQLException {
    AuditEvent event = entry.event();
    s.setLong(index++, entry.sequence());
    s.setString(index++, event.consentId().toString());
    s.setLong(index++, event.at().toEpochMilli());
    s.setString(index++, event.type().name());
    s.setString(index++, event.actor());
    s.setString(index++, StrictJson.mapper().valueToTree(event.details()).toString());
    s.setString(index++, entry.previousHash());
    s.setString(index++, entry.hash());
    return index;
  }

  public List<AuditEntry> after(Connection c, long afterSequence, int limit) throws SQLException {
    List<AuditEntry> entries = new ArrayList<>();
    try (PreparedStatement select =
        tx.prepare(
            c,
            "SELECT seq, consent_id, at_ms, type, actor, details, prev_hash, hash FROM"
                + " mydatakit_audit WHERE seq > ? ORDER BY seq")) {
      select.setLong(1, afterSequence);
      select.setMaxRows(Math.max(0, limit));
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          entries.add(entry(rs));
        }
      }
    }
    return entries;
  }

  public AuditEntry head(Connection c) throws SQLException {
    try (PreparedStatement select =
        tx.prepare(
            c,
            // A primary-key lookup whatever the planner's statistics say: as a join, PostgreSQL
            // without statistics for the one-row head table scanned the whole log (BENCHMARKS.md).
            "SELECT seq, consent_id, at_ms, type, actor, details, prev_hash, hash FROM"
                + " mydatakit_audit WHERE seq = (SELECT seq FROM mydatakit_audit_head WHERE id = 1)")) {
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? entry(rs) : null;
      }
    }
  }

  private static AuditEntry entry(ResultSet rs) throws SQLException {
    Map<String, String> details = new LinkedHashMap<>();
    StrictJson.object(rs.getString(6).getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .fields()
        .forEachRemaining(f -> details.put(f.getKey(), f.getValue().asText()));
    AuditEvent event =
        AuditEvent.of(
            Instant.ofEpochMilli(rs.getLong(3)),
            AuditEventType.valueOf(rs.getString(4)),
            ConsentId.parse(rs.getString(2)),
            rs.getString(5),
            details);
    return new AuditEntry(rs.getLong(1), event, rs.getString(7), rs.getString(8));
  }
}
