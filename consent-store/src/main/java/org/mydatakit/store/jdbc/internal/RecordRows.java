package org.mydatakit.store.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.mydatakit.broker.FetchOutcome;
import org.mydatakit.broker.FetchRecord;
import org.mydatakit.broker.GrantRecord;
import org.mydatakit.broker.ReceiptRecord;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.ItemCode;

/** Grants, fetch budgets, fetches, receipts and checkpoints in SQL. */
public final class RecordRows {
  private static final String GRANT_COLUMNS =
      "SELECT grant_id, consent_id, provider, scope, issued_at, expires_at, period FROM"
          + " mydatakit_grant ";

  private final Transactions tx;

  public RecordRows(Transactions tx) {
    this.tx = tx;
  }

  /**
   * Takes one unit of the (consent, provider, period) budget, if fewer than {@code budget} were
   * taken: one conditional UPDATE, or the first row. The caller holds the consent's row lock, so no
   * two transactions create the first row at once.
   */
  public boolean consumeBudget(
      Connection c, ConsentId consentId, AgencyId provider, String period, int budget)
      throws SQLException {
    try (PreparedStatement update =
        tx.prepare(
            c,
            "UPDATE mydatakit_budget SET used = used + 1 WHERE consent_id = ? AND provider = ?"
                + " AND period = ? AND used < ?")) {
      bindBudgetKey(update, consentId, provider, period);
      update.setInt(4, budget);
      if (update.executeUpdate() == 1) {
        return true;
      }
    }
    if (used(c, consentId, provider, period) >= 0 || budget < 1) {
      return false; // the row exists and is full
    }
    try (PreparedStatement insert =
        tx.prepare(
            c,
            "INSERT INTO mydatakit_budget (consent_id, provider, period, used) VALUES (?, ?, ?, 1)")) {
      bindBudgetKey(insert, consentId, provider, period);
      insert.executeUpdate();
    }
    return true;
  }

  /** Units taken, or -1 if the period was never used. */
  public int used(Connection c, ConsentId id, AgencyId provider, String period)
      throws SQLException {
    try (PreparedStatement select =
        tx.prepare(
            c,
            "SELECT used FROM mydatakit_budget WHERE consent_id = ? AND provider = ? AND period = ?")) {
      select.setString(1, id.toString());
      select.setString(2, provider.value());
      select.setString(3, period);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? rs.getInt(1) : -1;
      }
    }
  }

  /**
   * PostgreSQL: takes one unit of the grant's budget (creating its row on first use) and records
   * the grant, as the prelude of one statement whose gate ({@code g}) has a row only if both
   * happened. The budget row's lock is taken by the upsert even when the budget is spent.
   */
  public AuditRows.Prelude takeBudgetAndRecordGrant(GrantRecord g, int budget) {
    String ctes =
        "b AS (INSERT INTO mydatakit_budget (consent_id, provider, period, used) VALUES (?, ?, ?, 1)"
            + " ON CONFLICT (consent_id, provider, period) DO UPDATE SET used ="
            + " mydatakit_budget.used + 1 WHERE mydatakit_budget.used < ? RETURNING used),"
            + " g AS (INSERT INTO mydatakit_grant (grant_id, consent_id, provider, scope,"
            + " issued_at, expires_at, period) SELECT ?, ?, ?, ?, ?, ?, ? FROM b RETURNING"
            + " grant_id)";
    return new AuditRows.Prelude(
        ctes,
        "g",
        (s, i) -> {
          s.setString(i++, g.consentId().toString());
          s.setString(i++, g.provider().value());
          s.setString(i++, g.period());
          s.setInt(i++, budget);
          s.setString(i++, g.grantId());
          s.setString(i++, g.consentId().toString());
          s.setString(i++, g.provider().value());
          s.setString(i++, codes(g.scope()));
          s.setString(i++, g.issuedAt().toString());
          s.setString(i++, g.expiresAt().toString());
          s.setString(i++, g.period());
          return i;
        });
  }

  public void insertGrant(Connection c, GrantRecord g) throws SQLException {
    try (PreparedStatement insert =
        tx.prepare(
            c,
            "INSERT INTO mydatakit_grant (grant_id, consent_id, provider, scope, issued_at,"
                + " expires_at, period) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, g.grantId());
      insert.setString(2, g.consentId().toString());
      insert.setString(3, g.provider().value());
      insert.setString(4, codes(g.scope()));
      insert.setString(5, g.issuedAt().toString());
      insert.setString(6, g.expiresAt().toString());
      insert.setString(7, g.period());
      insert.executeUpdate();
    }
  }

  public GrantRecord findGrant(Connection c, String grantId) throws SQLException {
    List<GrantRecord> found = grants(c, GRANT_COLUMNS + "WHERE grant_id = ?", grantId);
    return found.isEmpty() ? null : found.get(0);
  }

  public List<GrantRecord> grants(Connection c, ConsentId id) throws SQLException {
    return grants(c, GRANT_COLUMNS + "WHERE consent_id = ? ORDER BY grant_no", id.toString());
  }

  private List<GrantRecord> grants(Connection c, String sql, String param) throws SQLException {
    List<GrantRecord> grants = new ArrayList<>();
    try (PreparedStatement select = tx.prepare(c, sql)) {
      select.setString(1, param);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          grants.add(
              new GrantRecord(
                  rs.getString(1),
                  ConsentId.parse(rs.getString(2)),
                  AgencyId.of(rs.getString(3)),
                  items(rs.getString(4)),
                  Instant.parse(rs.getString(5)),
                  Instant.parse(rs.getString(6)),
                  rs.getString(7)));
        }
      }
    }
    return grants;
  }

  public void insertFetch(Connection c, FetchRecord f) throws SQLException {
    try (PreparedStatement insert =
        tx.prepare(
            c,
            "INSERT INTO mydatakit_fetch (consent_id, grant_id, provider, items, transaction_id,"
                + " outcome, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, f.consentId().toString());
      insert.setString(2, f.grantId());
      insert.setString(3, f.provider().value());
      insert.setString(4, codes(f.items()));
      insert.setString(5, f.transactionId());
      insert.setString(6, f.outcome().name());
      insert.setString(7, f.at().toString());
      insert.executeUpdate();
    }
  }

  public List<FetchRecord> fetches(Connection c, ConsentId id) throws SQLException {
    List<FetchRecord> fetches = new ArrayList<>();
    try (PreparedStatement select =
        tx.prepare(
            c,
            "SELECT grant_id, provider, items, transaction_id, outcome, fetched_at FROM"
                + " mydatakit_fetch WHERE consent_id = ? ORDER BY fetch_no")) {
      select.setString(1, id.toString());
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          fetches.add(
              new FetchRecord(
                  rs.getString(1),
                  id,
                  AgencyId.of(rs.getString(2)),
                  items(rs.getString(3)),
                  rs.getString(4),
                  FetchOutcome.valueOf(rs.getString(5)),
                  Instant.parse(rs.getString(6))));
        }
      }
    }
    return fetches;
  }

  public void insertReceipt(Connection c, ReceiptRecord r) throws SQLException {
    try (PreparedStatement insert =
        tx.prepare(
            c,
            "INSERT INTO mydatakit_receipt (consent_id, consent_version, receipt_id, token)"
                + " VALUES (?, ?, ?, ?)")) {
      insert.setString(1, r.consentId().toString());
      insert.setLong(2, r.consentVersion());
      insert.setString(3, r.receiptId());
      insert.setString(4, r.token());
      insert.executeUpdate();
    }
  }

  /** The id of the consent's newest receipt, or null. */
  public String lastReceiptId(Connection c, ConsentId id) throws SQLException {
    try (PreparedStatement select =
        tx.prepare(
            c,
            "SELECT receipt_id FROM mydatakit_receipt WHERE consent_id = ?"
                + " ORDER BY consent_version DESC")) {
      select.setString(1, id.toString());
      select.setMaxRows(1);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  public List<ReceiptRecord> receipts(Connection c, ConsentId id) throws SQLException {
    List<ReceiptRecord> receipts = new ArrayList<>();
    try (PreparedStatement select =
        tx.prepare(
            c,
            "SELECT consent_version, receipt_id, token FROM mydatakit_receipt WHERE consent_id = ?"
                + " ORDER BY consent_version")) {
      select.setString(1, id.toString());
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          receipts.add(new ReceiptRecord(id, rs.getLong(1), rs.getString(2), rs.getString(3)));
        }
      }
    }
    return receipts;
  }

  /** Keeps the note for {@code size}, replacing the one kept (a version with more cosignatures). */
  public void saveLogCheckpoint(Connection c, long size, String note) throws SQLException {
    try (PreparedStatement update =
        tx.prepare(c, "UPDATE mydatakit_log_checkpoint SET note = ? WHERE tree_size = ?")) {
      update.setString(1, note);
      update.setLong(2, size);
      if (update.executeUpdate() == 1) {
        return;
      }
    }
    try (PreparedStatement insert =
        tx.prepare(c, "INSERT INTO mydatakit_log_checkpoint (tree_size, note) VALUES (?, ?)")) {
      insert.setLong(1, size);
      insert.setString(2, note);
      insert.executeUpdate();
    }
  }

  /**
   * The note kept for {@code size}, or for the largest size if {@code size} is -1; null if none.
   */
  public String logCheckpoint(Connection c, long size) throws SQLException {
    String sql =
        size == -1
            ? "SELECT note FROM mydatakit_log_checkpoint ORDER BY tree_size DESC FETCH FIRST 1 ROWS"
                + " ONLY"
            : "SELECT note FROM mydatakit_log_checkpoint WHERE tree_size = ?";
    try (PreparedStatement select = tx.prepare(c, sql)) {
      if (size != -1) {
        select.setLong(1, size);
      }
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** The kept log checkpoints, the smallest tree first. */
  public SortedMap<Long, String> logCheckpoints(Connection c) throws SQLException {
    TreeMap<Long, String> notes = new TreeMap<>();
    try (PreparedStatement select =
        tx.prepare(c, "SELECT tree_size, note FROM mydatakit_log_checkpoint ORDER BY tree_size")) {
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          notes.put(rs.getLong(1), rs.getString(2));
        }
      }
    }
    return Collections.unmodifiableSortedMap(notes);
  }

  public void insertCheckpoint(Connection c, long sequence, String token) throws SQLException {
    try (PreparedStatement insert =
        tx.prepare(c, "INSERT INTO mydatakit_checkpoint (seq, token) VALUES (?, ?)")) {
      insert.setLong(1, sequence);
      insert.setString(2, token);
      insert.executeUpdate();
    }
  }

  public List<String> checkpoints(Connection c) throws SQLException {
    List<String> tokens = new ArrayList<>();
    try (PreparedStatement select =
        tx.prepare(c, "SELECT token FROM mydatakit_checkpoint ORDER BY checkpoint_no")) {
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          tokens.add(rs.getString(1));
        }
      }
    }
    return tokens;
  }

  private static void bindBudgetKey(
      PreparedStatement s, ConsentId consentId, AgencyId provider, String period)
      throws SQLException {
    s.setString(1, consentId.toString());
    s.setString(2, provider.value());
    s.setString(3, period);
  }

  private static String codes(Set<ItemCode> items) {
    return items.stream().map(ItemCode::value).collect(Collectors.joining(" "));
  }

  private static Set<ItemCode> items(String codes) {
    return Arrays.stream(codes.split(" "))
        .map(ItemCode::of)
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
