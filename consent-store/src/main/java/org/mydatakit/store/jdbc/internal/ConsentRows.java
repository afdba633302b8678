package org.mydatakit.store.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.mydatakit.broker.ConsentStore.StatusVisitor;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.ConsentJson;
import org.mydatakit.consent.ConsentStatus;

/** Consents in SQL: the JSON body is the truth; the other columns serve queries and locks. */
public final class ConsentRows {
  private static final String COLUMNS = "SELECT body FROM mydatakit_consent ";

  /** How many parsed bodies are kept; past it the memory starts again empty. */
  private static final int PARSED_MAX = 1_024;

  private final Transactions tx;

  /**
   * Consents parsed from the exact text of a stored body: a row read again unchanged (the consent
   * of every grant) is not parsed and validated again. Keyed by the whole text, so a changed row is
   * a new key, whatever wrote it; only what was parsed is kept, never what was written.
   */
  private final Map<String, Consent> parsed = new ConcurrentHashMap<>();

  public ConsentRows(Transactions tx) {
    this.tx = tx;
  }

  /** The consent stored under (consumer, key), if any. */
  public Consent findByKey(Connection c, String consumer, String key) throws SQLException {
    List<Consent> found =
        list(c, COLUMNS + "WHERE consumer = ? AND idempotency_key = ?", consumer, key);
    return found.isEmpty() ? null : found.get(0);
  }

  public void insert(Connection c, Consent consent, String key) throws SQLException {
    try (PreparedStatement insert =
        tx.prepare(
            c,
            "INSERT INTO mydatakit_consent (consent_id, version, consumer, idempotency_key,"
                + " broker_subject, status, status_index, valid_until_ms, created_ms, body)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, consent.id().toString());
      insert.setLong(2, consent.version());
      insert.setString(3, consent.consumer().value());
      insert.setString(4, key);
      insert.setString(5, consent.subject().brokerSubject().value());
      insert.setString(6, consent.status().name());
      setIndex(insert, 7, consent);
      insert.setLong(8, ceilMillis(consent.validUntil()));
      insert.setLong(9, ceilMillis(consent.createdAt()));
      insert.setString(10, ConsentJson.write(consent));
      insert.executeUpdate();
    }
  }

  public Consent find(Connection c, ConsentId id) throws SQLException {
    List<Consent> found = list(c, COLUMNS + "WHERE consent_id = ?", id.toString());
    return found.isEmpty() ? null : found.get(0);
  }

  /** Locks the consent's row until the transaction ends and returns the consent, or null. */
  public Consent lock(Connection c, ConsentId id) throws SQLException {
    List<Consent> found = list(c, COLUMNS + "WHERE consent_id = ? FOR UPDATE", id.toString());
    return found.isEmpty() ? null : found.get(0);
  }

  /** Locks the consent's row until the transaction ends and returns its status, or null. */
  public ConsentStatus lockStatus(Connection c, ConsentId id) throws SQLException {
    try (PreparedStatement select =
        tx.prepare(c, "SELECT status FROM mydatakit_consent WHERE consent_id = ? FOR UPDATE")) {
      select.setString(1, id.toString());
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? ConsentStatus.valueOf(rs.getString(1)) : null;
      }
    }
  }

  /** Compare-and-set: writes {@code next} if the stored version is {@code expectedVersion}. */
  public boolean update(Connection c, Consent next, long expectedVersion) throws SQLException {
    try (PreparedStatement update =
        tx.prepare(
            c,
            "UPDATE mydatakit_consent SET version = ?, status = ?, status_index = ?, body = ?"
                + " WHERE consent_id = ? AND version = ?")) {
      update.setLong(1, next.version());
      update.setString(2, next.status().name());
      setIndex(update, 3, next);
      update.setString(4, ConsentJson.write(next));
      update.setString(5, next.id().toString());
      update.setLong(6, expectedVersion);
      return update.executeUpdate() == 1;
    }
  }

  public List<Consent> page(Connection c, ConsentId after, int limit) throws SQLException {
    List<Consent> consents = new ArrayList<>();
    String sql =
        after == null
            ? COLUMNS + "ORDER BY consent_id"
            : COLUMNS + "WHERE consent_id > ? ORDER BY consent_id";
    try (PreparedStatement select = tx.prepare(c, sql)) {
      if (after != null) {
        select.setString(1, after.toString());
      }
      select.setMaxRows(Math.max(1, limit));
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next() && consents.size() < limit) {
          consents.add(parse(rs.getString(1)));
        }
      }
    }
    return consents;
  }

  public List<Consent> bySubject(Connection c, String brokerSubject) throws SQLException {
    return list(
        c, COLUMNS + "WHERE broker_subject = ? ORDER BY created_ms, consent_id", brokerSubject);
  }

  public List<Consent> byConsumer(Connection c, String consumer) throws SQLException {
    return list(c, COLUMNS + "WHERE consumer = ? ORDER BY created_ms, consent_id", consumer);
  }

  public List<Consent> due(Connection c, Instant now, Instant requestedBefore, int limit)
      throws SQLException {
    List<Consent> due = new ArrayList<>();
    try (PreparedStatement select =
        tx.prepare(
            c,
            COLUMNS
                + "WHERE (status = 'ACTIVE' AND valid_until_ms <= ?)"
                + " OR (status = 'REQUESTED' AND created_ms <= ?) ORDER BY created_ms, consent_id")) {
      select.setLong(1, ceilMillis(now)); // the columns round up too: exact after the body check
      select.setLong(2, ceilMillis(requestedBefore));
      select.setMaxRows(Math.max(1, limit));
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          Consent consent = parse(rs.getString(1));
          // The millisecond columns round up; the body decides at full precision.
          boolean expired =
              consent.status() == ConsentStatus.ACTIVE && !consent.validUntil().isAfter(now);
          boolean stale =
              consent.status() == ConsentStatus.REQUESTED
                  && !consent.createdAt().isAfter(requestedBefore);
          if (expired || stale) {
            due.add(consent);
          }
        }
      }
    }
    return due;
  }

  public void forEachStatus(Connection c, StatusVisitor visitor) throws SQLException {
    try (PreparedStatement select =
        tx.prepare(
            c,
            "SELECT status_index, status FROM mydatakit_consent WHERE status_index IS NOT NULL")) {
      select.setFetchSize(10_000);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          visitor.visit(rs.getLong(1), ConsentStatus.valueOf(rs.getString(2)));
        }
      }
    }
  }

  private List<Consent> list(Connection c, String sql, String... params) throws SQLException {
    List<Consent> consents = new ArrayList<>();
    try (PreparedStatement select = tx.prepare(c, sql)) {
      for (int i = 0; i < params.length; i++) {
        select.setString(i + 1, params[i]);
      }
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          consents.add(parse(rs.getString(1)));
        }
      }
    }
    return consents;
  }

  private static void setIndex(PreparedStatement s, int column, Consent consent)
      throws SQLException {
    if (consent.statusIndex().isPresent()) {
      s.setLong(column, consent.statusIndex().getAsLong());
    } else {
      s.setNull(column, java.sql.Types.BIGINT);
    }
  }

  /** Epoch milliseconds rounded up, so that "at or before" in SQL is never early. */
  static long ceilMillis(Instant instant) {
    long millis = instant.toEpochMilli();
    return instant.getNano() % 1_000_000 == 0 ? millis : millis + 1;
  }

  private Consent parse(String body) {
    Consent consent = parsed.get(body);
    if (consent == null) {
      consent = ConsentJson.read(body);
      keep(body, consent);
    }
    return consent;
  }

  private void keep(String body, Consent consent) {
    if (parsed.size() >= PARSED_MAX) {
      parsed.clear();
    }
    parsed.put(body, consent);
  }
}
