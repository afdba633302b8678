package org.mydatakit.store.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.mydatakit.audit.AuditEntry;
import org.mydatakit.audit.LoggedEntry;
import org.mydatakit.log.CompactRange;
import org.mydatakit.log.TreeNode;

/**
 * Carries an audit chain written before the log became a tree over: gives every entry a random salt
 * and writes the tree's nodes, in sequence order, in the migration's transaction. The chain itself
 * is untouched, so it verifies as before.
 */
public final class V4__Audit_tree_backfill extends BaseJavaMigration {
  private static final int PAGE = 1000;

  @Override
  public void migrate(Context context) throws SQLException {
    Connection c = context.getConnection();
    AuditRows rows = new AuditRows(null, false);
    CompactRange tree = CompactRange.empty();
    long after = 0;
    while (true) {
      List<AuditEntry> page = new ArrayList<>(PAGE);
      try (PreparedStatement select =
          c.prepareStatement(
              AuditRows.SELECT_ENTRIES + " FROM mydatakit_audit WHERE seq > ? ORDER BY seq")) {
        select.setLong(1, after);
        select.setMaxRows(PAGE);
        try (ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            page.add(AuditRows.entry(rs));
          }
        }
      }
      if (page.isEmpty()) {
        try (PreparedStatement update =
            c.prepareStatement("UPDATE mydatakit_audit_head SET edge = ? WHERE id = 1")) {
          update.setString(1, AuditRows.edgeText(tree));
          update.executeUpdate();
        }
        return;
      }
      List<TreeNode> nodes = new ArrayList<>(page.size() * 2);
      try (PreparedStatement update =
          c.prepareStatement("UPDATE mydatakit_audit SET salt = ? WHERE seq = ?")) {
        for (AuditEntry entry : page) {
          if (entry.sequence() != tree.size() + 1) {
            throw new SQLException(
                "audit tree backfill: expected entry "
                    + (tree.size() + 1)
                    + ", found "
                    + entry.sequence()
                    + " (a gap in the chain)");
          }
          byte[] salt = rows.newSalt();
          nodes.addAll(tree.append(new LoggedEntry(entry, salt).leafHash()));
          update.setString(1, HexFormat.of().formatHex(salt));
          update.setLong(2, entry.sequence());
          update.addBatch();
        }
        update.executeBatch();
      }
      AuditRows.insertNodes(c, nodes);
      after = page.get(page.size() - 1).sequence();
    }
  }
}
