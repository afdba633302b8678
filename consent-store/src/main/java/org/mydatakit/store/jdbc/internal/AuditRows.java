package org.mydatakit.store.jdbc.internal;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mydatakit.audit.AuditEntry;
import org.mydatakit.audit.AuditEvent;
import org.mydatakit.audit.AuditEventType;
import org.mydatakit.audit.LoggedEntry;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.internal.StrictJson;
import org.mydatakit.log.CompactRange;
import org.mydatakit.log.LogLeaf;
import org.mydatakit.log.NodeId;
import org.mydatakit.log.TreeNode;

/**
 * The audit chain in SQL. An append locks the one head row, so concurrent appends queue up and each
 * links to the entry before it; the primary key on the sequence would refuse a fork anyway. Call
 * {@link #appendAll} after every other row lock of the transaction, so locks are always taken in
 * the order consent rows, then the head: no deadlock.
 *
 * <p>On H2 an append reads the head for update, inserts the entries and moves the head. On
 * PostgreSQL each entry is one statement: it moves the head to the next sequence, computing the new
 * hash in the database ({@code sha256}) over the entry's canonical encoding around the hash it
 * replaces, and inserts the entry from what the update returned. The head row is locked by that
 * update, whatever another transaction or node did before, so no entry can link to a stale head;
 * the store checks every returned hash against the entry before the transaction commits.
 */
public final class AuditRows {
  private static final String INSERT_COLUMNS =
      "INSERT INTO mydatakit_audit (seq, consent_id, at_ms, type, actor, details, prev_hash, hash,"
          + " salt)";

  /** The columns {@link #entry} and {@link #logged} read, in order. */
  static final String SELECT_ENTRIES =
      "SELECT seq, consent_id, at_ms, type, actor, details, prev_hash, hash, salt";

  private static final HexFormat HEX = HexFormat.of();
  private static final String SEQ_PREFIX = "{\"seq\":";
  private static final String PREV_SUFFIX = "\"}";

  private final Transactions tx;
  private final boolean hashInDatabase;
  private final SecureRandom random = new SecureRandom();

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

  /**
   * What a gated append did: the gate's rows, and the entry appended (none if the gate had none).
   */
  public record Gated(int gateRows, List<AuditEntry> entries) {}

  /**
   * @param hashInDatabase true on PostgreSQL: one statement per entry, the hash computed there
   */
  public AuditRows(Transactions tx, boolean hashInDatabase) {
    this.tx = tx;
    this.hashInDatabase = hashInDatabase;
  }

  public AuditEntry append(Connection c, AuditEvent event) throws SQLException {
    return appendAll(c, List.of(event)).get(0);
  }

  /** Appends {@code events} in order, linked to the head, under the head's row lock. */
  public List<AuditEntry> appendAll(Connection c, List<AuditEvent> events) throws SQLException {
    if (events.isEmpty()) {
      return List.of();
    }
    if (!hashInDatabase) {
      return locked(c, events);
    }
    List<AuditEntry> entries = new ArrayList<>(events.size());
    for (AuditEvent event : events) {
      entries.addAll(inOneStatement(c, event, null).entries());
    }
    return entries;
  }

  /**
   * PostgreSQL: runs {@code prelude} and, if its gate has rows, appends {@code event}, all in one
   * statement. Returns the gate's rows; no entry if it had none.
   */
  public Gated appendAfter(Connection c, Prelude prelude, AuditEvent event) throws SQLException {
    if (!hashInDatabase) {
      throw new IllegalStateException("appendAfter: expected PostgreSQL");
    }
    return inOneStatement(c, event, prelude);
  }

  /**
   * The canonical encoding of the entry the head moves to, in SQL over the expressions {@code seq}
   * (the entry's sequence) and {@code prev} (the hash before it); the node rows the statement
   * inserts are checked by the contract suite against the RFC 9162 tree of the same leaves.
   */
  private static String canonicalSql(String seq, String prev) {
    return "convert_to((SELECT pre FROM p) || "
        + seq
        + "::text || (SELECT mid FROM p) || "
        + prev
        + " || (SELECT suf FROM p), 'UTF8')";
  }

  /** The entry's leaf hash in SQL: SHA-256(0x00 || SHA-256(salt || canonical)). */
  private static String leafSql(String seq, String prev) {
    return "sha256('\\x00'::bytea || sha256((SELECT salt FROM p) || "
        + canonicalSql(seq, prev)
        + "))";
  }

  /**
   * The leaf and the subtrees it completes, as rows (i: level, h: hash) of a recursive query: the
   * leaf at level 0, then one level up for each trailing one bit of its index, each the node hash
   * of the edge's subtree to its left and the one below. {@code edge} is the tree's right edge
   * before the leaf (hex), {@code index} the leaf's index.
   */
  private static String mergesSql(String name, String leaf, String edge, String index) {
    return name
        + "(i, h) AS (SELECT 0, "
        + leaf
        + " UNION ALL SELECT "
        + name
        + ".i + 1, sha256('\\x01'::bytea || substring(decode("
        + edge
        + ", 'hex') from (length("
        + edge
        + ") / 64 - "
        + name
        + ".i - 1) * 32 + 1 for 32) || "
        + name
        + ".h) FROM "
        + name
        + " WHERE (("
        + index
        + " >> "
        + name
        + ".i) & 1) = 1)";
  }

  /**
   * PostgreSQL: one statement moves the head, computing the entry's chain hash, its leaf, the
   * subtrees the leaf completes and the tree's new right edge in the database (under the head row's
   * lock, from the row as it is when locked), inserts the entry and the tree nodes, and returns
   * what the store checks in Java before the commit.
   */
  private Gated inOneStatement(Connection c, AuditEvent event, Prelude prelude)
      throws SQLException {
    StringBuilder sql = new StringBuilder("WITH RECURSIVE ");
    if (prelude != null) {
      sql.append(prelude.ctes()).append(", ");
    }
    sql.append("p AS (SELECT ?::text AS pre, ?::text AS mid, ?::text AS suf,")
        .append(" decode(?, 'hex') AS salt), ")
        // plain expressions over the head row and parameters only: evaluated on the row as
        // locked, also when another transaction moved the head first
        .append("h AS (UPDATE mydatakit_audit_head SET seq = seq + 1, prev_hash = hash, hash =")
        .append(" encode(sha256(convert_to(? || (seq + 1)::text || ? || hash || ?, 'UTF8')),")
        .append(" 'hex'), prev_edge = edge, edge = mydatakit_tree_edge(edge, seq,")
        .append(" sha256('\\x00'::bytea || sha256(decode(?, 'hex') || convert_to(? || (seq +")
        .append(" 1)::text || ? || hash || ?, 'UTF8')))) WHERE id = 1");
    if (prelude != null) {
      sql.append(" AND EXISTS (SELECT 1 FROM ").append(prelude.gate()).append(")");
    }
    sql.append(" RETURNING seq, prev_hash, hash, prev_edge, edge), ")
        .append(
            mergesSql(
                "m",
                leafSql("h.seq", "h.prev_hash") + " FROM h",
                "(SELECT prev_edge FROM h)",
                "((SELECT seq FROM h) - 1)"))
        .append(", n AS (INSERT INTO mydatakit_audit_node (lvl, idx, hash)")
        .append(" SELECT i, ((SELECT seq FROM h) - 1) >> i, encode(h, 'hex') FROM m RETURNING 1),")
        .append(" a AS (")
        .append(INSERT_COLUMNS)
        .append(" SELECT seq, ?, ?, ?, ?, ?, prev_hash, hash, ? FROM h RETURNING seq) SELECT ")
        .append(prelude == null ? "1" : "(SELECT count(*) FROM " + prelude.gate() + ")")
        .append(", (SELECT count(*) FROM a), (SELECT seq FROM h), (SELECT prev_hash FROM h),")
        .append(" (SELECT hash FROM h), (SELECT prev_edge FROM h), (SELECT edge FROM h),")
        .append(" (SELECT count(*) FROM n)");
    byte[] salt = newSalt();
    try (PreparedStatement statement = tx.prepare(c, sql.toString())) {
      int index = prelude == null ? 1 : prelude.binder().bind(statement, 1);
      String between = between(event);
      for (int copy = 0; copy < 3; copy++) { // p, the chain hash, the leaf (after its salt)
        if (copy == 2) {
          statement.setString(index++, HEX.formatHex(salt));
        }
        statement.setString(index++, SEQ_PREFIX);
        statement.setString(index++, between);
        statement.setString(index++, PREV_SUFFIX);
        if (copy == 0) {
          statement.setString(index++, HEX.formatHex(salt));
        }
      }
      statement.setString(index++, event.consentId().toString());
      statement.setLong(index++, event.at().toEpochMilli());
      statement.setString(index++, event.type().name());
      statement.setString(index++, event.actor());
      statement.setString(index++, StrictJson.mapper().valueToTree(event.details()).toString());
      statement.setString(index, HEX.formatHex(salt));
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        int gateRows = rs.getInt(1);
        if (rs.getInt(2) == 0) {
          if (gateRows > 0) { // the gate opened, yet no entry: nothing may stay without its entry
            throw new SQLException("mydatakit_audit_head is empty: was migrate() run?");
          }
          return new Gated(0, List.of());
        }
        AuditEntry entry = new AuditEntry(rs.getLong(3), event, rs.getString(4), rs.getString(5));
        if (!entry.hashMatches()) {
          // never expected: the encoding the database hashed is not the entry's; roll back
          throw new IllegalStateException("audit append: the hash computed does not match");
        }
        // the same for the tree: the edge the database moved to must be the one Java computes
        CompactRange range = edge(entry.sequence() - 1, rs.getString(6));
        List<TreeNode> fresh = range.append(new LoggedEntry(entry, salt).leafHash());
        if (!edgeText(range).equals(rs.getString(7)) || rs.getInt(8) != fresh.size()) {
          throw new IllegalStateException("audit append: the tree computed does not match");
        }
        return new Gated(gateRows, List.of(entry));
      }
    }
  }

  /**
   * The entry's canonical encoding between its sequence number and the previous hash: the encoding
   * is {@code {"seq":N} + this + {previous hash} + {"}}.
   */
  private static String between(AuditEvent event) {
    String whole =
        new String(AuditEntry.canonical(0, event, AuditEntry.GENESIS), StandardCharsets.UTF_8);
    String head = SEQ_PREFIX + "0";
    String tail = AuditEntry.GENESIS + PREV_SUFFIX;
    if (!whole.startsWith(head) || !whole.endsWith(tail)) {
      throw new IllegalStateException("audit append: unexpected canonical encoding");
    }
    return whole.substring(head.length(), whole.length() - tail.length());
  }

  /**
   * Appends under a lock of the head: one read of the head, one insert per entry, one update of the
   * head.
   */
  private List<AuditEntry> locked(Connection c, List<AuditEvent> events) throws SQLException {
    long seq;
    String hash;
    CompactRange range;
    try (PreparedStatement select =
        tx.prepare(c, "SELECT seq, hash, edge FROM mydatakit_audit_head WHERE id = 1 FOR UPDATE")) {
      try (ResultSet rs = select.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("mydatakit_audit_head is empty: was migrate() run?");
        }
        seq = rs.getLong(1);
        hash = rs.getString(2);
        range = edge(seq, rs.getString(3));
      }
    }
    List<TreeNode> fresh = new ArrayList<>(events.size() * 2);
    List<AuditEntry> entries = new ArrayList<>(events.size());
    String previous = hash;
    try (PreparedStatement insert =
        tx.prepare(c, INSERT_COLUMNS + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (AuditEvent event : events) {
        AuditEntry entry = AuditEntry.seal(seq + 1, event, hash);
        AuditEvent e = entry.event();
        insert.setLong(1, entry.sequence());
        insert.setString(2, e.consentId().toString());
        insert.setLong(3, e.at().toEpochMilli());
        insert.setString(4, e.type().name());
        insert.setString(5, e.actor());
        insert.setString(6, StrictJson.mapper().valueToTree(e.details()).toString());
        insert.setString(7, entry.previousHash());
        insert.setString(8, entry.hash());
        byte[] salt = newSalt();
        insert.setString(9, HEX.formatHex(salt));
        insert.executeUpdate();
        entries.add(entry);
        fresh.addAll(range.append(new LoggedEntry(entry, salt).leafHash()));
        previous = hash;
        seq = entry.sequence();
        hash = entry.hash();
      }
    }
    StringBuilder insertNodes = new StringBuilder();
    nodesInsert(insertNodes, fresh.size());
    try (PreparedStatement insert = tx.prepare(c, insertNodes.toString())) {
      bindNodes(insert, 1, fresh);
      insert.executeUpdate();
    }
    try (PreparedStatement update =
        tx.prepare(
            c,
            "UPDATE mydatakit_audit_head SET seq = ?, prev_hash = ?, hash = ?, edge = ? WHERE id"
                + " = 1")) {
      update.setLong(1, seq);
      update.setString(2, previous);
      update.setString(3, hash);
      update.setString(4, edgeText(range));
      update.executeUpdate();
    }
    return entries;
  }

  /** A fresh random salt for an entry's leaf. */
  byte[] newSalt() {
    byte[] salt = new byte[LogLeaf.SALT_LENGTH];
    random.nextBytes(salt);
    return salt;
  }

  /**
   * The tree's right edge as the head row keeps it: the hashes of its largest complete subtrees,
   * left to right, as concatenated hex (one per set bit of the size).
   */
  private static CompactRange edge(long size, String text) throws SQLException {
    int count = Long.bitCount(size);
    if (text == null || text.length() != count * 64) {
      throw new SQLException(
          "mydatakit_audit_head: expected the tree edge of "
              + count
              + " hashes (was migrate() run?)");
    }
    List<byte[]> hashes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      hashes.add(HEX.parseHex(text, i * 64, i * 64 + 64));
    }
    return CompactRange.of(size, hashes);
  }

  static String edgeText(CompactRange range) {
    StringBuilder text = new StringBuilder(64 * Long.bitCount(range.size()));
    range.hashes().forEach(h -> text.append(HEX.formatHex(h)));
    return text.toString();
  }

  private static void nodesInsert(StringBuilder sql, int count) {
    sql.append("INSERT INTO mydatakit_audit_node (lvl, idx, hash) VALUES ");
    for (int i = 0; i < count; i++) {
      sql.append(i == 0 ? "(?, ?, ?)" : ", (?, ?, ?)");
    }
  }

  private static int bindNodes(PreparedStatement statement, int index, List<TreeNode> nodes)
      throws SQLException {
    for (TreeNode node : nodes) {
      statement.setInt(index++, node.id().level());
      statement.setLong(index++, node.id().index());
      statement.setString(index++, HEX.formatHex(node.hash()));
    }
    return index;
  }

  /** Writes tree nodes (the migration of an earlier chain), in one statement per 500. */
  static void insertNodes(Connection c, List<TreeNode> nodes) throws SQLException {
    for (int from = 0; from < nodes.size(); from += 500) {
      List<TreeNode> part = nodes.subList(from, Math.min(nodes.size(), from + 500));
      StringBuilder sql = new StringBuilder();
      nodesInsert(sql, part.size());
      try (PreparedStatement insert = c.prepareStatement(sql.toString())) {
        bindNodes(insert, 1, part);
        insert.executeUpdate();
      }
    }
  }

  /**
   * The tree nodes {@code ids} the store has: on PostgreSQL one query whose text never changes (the
   * ids as two arrays), so its plan is prepared once; elsewhere one query per 200 ids.
   */
  public Map<NodeId, byte[]> nodes(Connection c, Collection<NodeId> ids) throws SQLException {
    Map<NodeId, byte[]> found = new HashMap<>();
    if (hashInDatabase) {
      Integer[] levels = new Integer[ids.size()];
      Long[] indexes = new Long[ids.size()];
      int i = 0;
      for (NodeId id : ids) {
        levels[i] = id.level();
        indexes[i++] = id.index();
      }
      try (PreparedStatement select =
          tx.prepare(
              c,
              "SELECT n.lvl, n.idx, n.hash FROM unnest(?::int[], ?::bigint[]) AS k(lvl, idx)"
                  + " JOIN mydatakit_audit_node n ON n.lvl = k.lvl AND n.idx = k.idx")) {
        select.setArray(1, c.createArrayOf("int4", levels));
        select.setArray(2, c.createArrayOf("int8", indexes));
        read(select, found);
      }
      return found;
    }
    List<NodeId> all = new ArrayList<>(ids);
    for (int from = 0; from < all.size(); from += 200) {
      List<NodeId> part = all.subList(from, Math.min(all.size(), from + 200));
      StringBuilder sql =
          new StringBuilder("SELECT lvl, idx, hash FROM mydatakit_audit_node WHERE ");
      for (int i = 0; i < part.size(); i++) {
        sql.append(i == 0 ? "(lvl = ? AND idx = ?)" : " OR (lvl = ? AND idx = ?)");
      }
      try (PreparedStatement select = tx.prepare(c, sql.toString())) {
        int index = 1;
        for (NodeId id : part) {
          select.setInt(index++, id.level());
          select.setLong(index++, id.index());
        }
        read(select, found);
      }
    }
    return found;
  }

  private static void read(PreparedStatement select, Map<NodeId, byte[]> found)
      throws SQLException {
    try (ResultSet rs = select.executeQuery()) {
      while (rs.next()) {
        found.put(new NodeId(rs.getInt(1), rs.getLong(2)), HEX.parseHex(rs.getString(3)));
      }
    }
  }

  public List<LoggedEntry> after(Connection c, long afterSequence, int limit) throws SQLException {
    List<LoggedEntry> entries = new ArrayList<>();
    try (PreparedStatement select =
        tx.prepare(
            c,
            SELECT_ENTRIES
                + " FROM mydatakit_audit WHERE seq > ? ORDER BY seq FETCH FIRST ? ROWS ONLY")) {
      select.setLong(1, afterSequence);
      select.setInt(2, Math.max(0, limit));
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          entries.add(logged(rs));
        }
      }
    }
    return entries;
  }

  /** The entries about one consent, oldest first. */
  public List<LoggedEntry> about(Connection c, ConsentId consent) throws SQLException {
    List<LoggedEntry> entries = new ArrayList<>();
    try (PreparedStatement select =
        tx.prepare(c, SELECT_ENTRIES + " FROM mydatakit_audit WHERE consent_id = ? ORDER BY seq")) {
      select.setString(1, consent.toString());
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          entries.add(logged(rs));
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
            SELECT_ENTRIES
                + " FROM mydatakit_audit WHERE seq = (SELECT seq FROM mydatakit_audit_head WHERE"
                + " id = 1)")) {
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? entry(rs) : null;
      }
    }
  }

  private static LoggedEntry logged(ResultSet rs) throws SQLException {
    String salt = rs.getString(9);
    if (salt == null) {
      throw new SQLException("mydatakit_audit: an entry without a salt (was migrate() run?)");
    }
    return new LoggedEntry(entry(rs), HEX.parseHex(salt));
  }

  static AuditEntry entry(ResultSet rs) throws SQLException {
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
