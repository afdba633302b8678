package org.mydatakit.provider;

import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Creates or upgrades the provider kit's tables with Flyway, under its own history table so that it
 * shares a database (and a schema) with other Flyway-managed schemas, such as the broker store's.
 * Kept apart from the ledgers so that they load without Flyway when the operator migrates.
 */
final class LedgerSchema {
  private LedgerSchema() {}

  static void migrate(String name, LedgerDatabase database) {
    if (database.dialect() == LedgerDatabase.Dialect.POSTGRESQL && !flywaySupportsPostgresql()) {
      throw new IllegalStateException(
          name
              + ": expected org.flywaydb:flyway-database-postgresql on the class path to migrate"
              + " PostgreSQL (an optional dependency of mydatakit-provider), found none");
    }
    try {
      Flyway.configure()
          .dataSource(database.dataSource())
          .locations(JdbcGrantUseLedger.MIGRATIONS)
          .table(JdbcGrantUseLedger.HISTORY_TABLE)
          // a schema that already holds other tables (another Flyway history, the broker's
          // store) gets this history table started at version 0, and then version 1 applied
          .baselineOnMigrate(true)
          .baselineVersion("0")
          .load()
          .migrate();
    } catch (FlywayException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof SQLException sql) {
          throw LedgerDatabase.unavailable(name, "migrate", sql);
        }
      }
      throw new IllegalStateException(name + ": migrate failed", e);
    }
  }

  private static boolean flywaySupportsPostgresql() {
    try {
      Class.forName(
          "org.flywaydb.database.postgresql.PostgreSQLDatabaseType",
          false,
          LedgerSchema.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
