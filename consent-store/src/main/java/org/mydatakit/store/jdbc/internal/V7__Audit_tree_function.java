package org.mydatakit.store.jdbc.internal;

import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * On PostgreSQL, the function with which an append's one statement moves the tree's right edge:
 * given the edge before the leaf (hex), the leaf's index and its hash, the edge after it — the leaf
 * merged with the edge's subtrees to its left once for each trailing one bit of its index. A
 * function, not a subquery, so that it is evaluated on the head row as locked, also when another
 * transaction moved the head first. Nothing on other databases (the store computes it in Java).
 */
public final class V7__Audit_tree_function extends BaseJavaMigration {
  @Override
  public void migrate(Context context) throws SQLException {
    String product = context.getConnection().getMetaData().getDatabaseProductName();
    if (!"PostgreSQL".equals(product)) {
      return;
    }
    try (Statement s = context.getConnection().createStatement()) {
      s.execute(
          """
          CREATE OR REPLACE FUNCTION mydatakit_tree_edge(edge text, idx bigint, leaf bytea)
          RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT AS $fn$
          DECLARE
            e bytea := decode(edge, 'hex');
            h bytea := leaf;
            n int := length(e) / 32;
            i int := 0;
          BEGIN
            WHILE ((idx >> i) & 1) = 1 LOOP
              h := sha256('\\x01'::bytea || substring(e from (n - i - 1) * 32 + 1 for 32) || h);
              i := i + 1;
            END LOOP;
            RETURN encode(substring(e for (n - i) * 32) || h, 'hex');
          END
          $fn$
          """);
    }
  }
}
