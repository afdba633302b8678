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
import org.mydatakit.audit.AuditEntry;
import org.mydatakit.audit.AuditEvent;
import org.mydatakit.audit.AuditEventType;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.internal.StrictJson;

/**
 * The audit chain in SQL. An append locks the one head row, so concurrent appends queue up and each
 * links to the entry before it; the primary key on the sequence would refuse a fork anyway. Call
 * {@link #append} after every other row lock of the transaction, so locks are always taken in the
 * order consent rows, then the head: no deadlock.
 */
public final class AuditRows {
  private final Transactions tx;

  public AuditRows(Transactions tx) {
    this.tx = tx;
  }

  public AuditEntry append(Connection c, AuditEvent event) throws SQLException {
    return appendAll(c, List.of(event)).get(0);
  }

  /**
   * Appends {@code events} in order under one lock of the head: one read of the head, one insert
   * per entry, one update of the head.
   */
  public List<AuditEntry> appendAll(Connection c, List<AuditEvent> events) throws SQLException {
    if (events.isEmpty()) {
      return List.of();
    }
    long seq;
    String hash;
    try (PreparedStatement head =
        tx.prepare(c, "SELECT seq, hash FROM mydatakit_audit_head WHERE id = 1 FOR UPDATE")) {
      try (ResultSet rs = head.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("mydatakit_audit_head is empty: was migrate() run?");
        }
        seq = rs.getLong(1);
        hash = rs.getString(2);
      }
    }
    List<AuditEntry> entries = new ArrayList<>(events.size());
    try (PreparedStatement insert =
        tx.prepare(
            c,
            "INSERT INTO mydatakit_audit (seq, consent_id, at_ms, type, actor, details, prev_hash,"
                + " hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (AuditEvent event : events) {
        AuditEntry entry = AuditEntry.seal(seq + 1, event, hash);
        insert.setLong(1, entry.sequence());
        insert.setString(2, event.consentId().toString());
        insert.setLong(3, event.at().toEpochMilli());
        insert.setString(4, event.type().name());
        insert.setString(5, event.actor());
        insert.setString(6, StrictJson.mapper().valueToTree(event.details()).toString());
        insert.setString(7, entry.previousHash());
        insert.setString(8, entry.hash());
        insert.executeUpdate();
        entries.add(entry);
        seq = entry.sequence();
        hash = entry.hash();
      }
    }
    try (PreparedStatement update =
        tx.prepare(c, "UPDATE mydatakit_audit_head SET seq = ?, hash = ? WHERE id = 1")) {
      update.setLong(1, seq);
      update.setString(2, hash);
      update.executeUpdate();
    }
    return entries;
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
