package org.mydatakit.provider;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import javax.sql.DataSource;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.internal.Checks;

/**
 * A {@link GrantUseLedger} in the agency's own H2 or PostgreSQL database, shared by every node that
 * uses the same database: of any number of concurrent first claims of one (grant, item) pair, on
 * any nodes, exactly one is {@link Use#FIRST}.
 *
 * <pre>{@code
 * DataSource pool = new HikariDataSource(config);            // the agency's database
 * GrantUseLedger ledger = JdbcGrantUseLedger.create(pool);   // migrates: Flyway, own history
 * ProviderGate gate = ProviderGate.builder()
 *     ...
 *     .ledger(ledger)
 *     .build();
 * }</pre>
 *
 * <p>The schema is created and upgraded by Flyway from {@value #MIGRATIONS}, recorded in its own
 * history table {@value #HISTORY_TABLE}, so it may live in a database (and schema) that holds other
 * Flyway-managed tables. Operators who run migrations themselves build with {@link
 * Builder#withoutMigration()}. PostgreSQL needs {@code org.flywaydb:flyway-database-postgresql} (an
 * optional dependency) to migrate, and Flyway holds two connections of the pool while it migrates.
 *
 * <p>Each claim is one short transaction: an insert that only one node can win (PostgreSQL: {@code
 * INSERT ... ON CONFLICT}, H2: the primary key), which also takes over a row whose {@code
 * forgetAfter} has passed, then a read of the row it lost to, which tells {@link Use#RETRY} (the
 * same non-null idempotency key) from {@link Use#USED}. The table holds SHA-256 digests of the
 * grant id with the item and of the idempotency key, never the values. Expired rows are deleted in
 * batches of at most 1,000 at most once per cleanup interval (default one minute) per instance.
 * Connections must use READ COMMITTED, the default of both databases.
 *
 * <p>Thread-safe. Bring a connection pool. Every statement has a query timeout (default 5 s); any
 * database failure, a missing table included, throws {@link LedgerUnavailableException}, whose
 * message names this ledger and the SQLState, never a grant or a key.
 */
public final class JdbcGrantUseLedger implements GrantUseLedger {
  /** Where the migrations lie, for operators who run Flyway themselves. */
  public static final String MIGRATIONS = "classpath:org/mydatakit/provider/db";

  /** The Flyway history table of the provider kit's schema. */
  public static final String HISTORY_TABLE = "mydatakit_provider_schema_history";

  static final String NAME = "jdbc grant use ledger";
  private static final String TABLE = "mydatakit_provider_use";
  private static final int ATTEMPTS = 3;

  private final LedgerDatabase database;
  private final String claimSql;

  private JdbcGrantUseLedger(LedgerDatabase database) {
    this.database = database;
    this.claimSql =
        database.dialect() == LedgerDatabase.Dialect.POSTGRESQL
            ? "INSERT INTO "
                + TABLE
                + " AS u (use_key, idempotency_key, forget_after_ms)"
                + " VALUES (?, ?, ?) ON CONFLICT (use_key) DO UPDATE SET"
                + " idempotency_key = EXCLUDED.idempotency_key,"
                + " forget_after_ms = EXCLUDED.forget_after_ms"
                + " WHERE u.forget_after_ms <= ?"
            : "INSERT INTO "
                + TABLE
                + " (use_key, idempotency_key, forget_after_ms)"
                + " VALUES (?, ?, ?)";
  }

  /**
   * A ledger over {@code dataSource} with the default settings, its schema migrated.
   *
   * @throws LedgerUnavailableException if the database cannot be reached or migrated
   */
  public static JdbcGrantUseLedger create(DataSource dataSource) {
    return builder(dataSource).build();
  }

  /** Starts configuring a ledger over {@code dataSource}. */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  @Override
  public Use claim(
      String grantId, ItemCode item, String idempotencyKey, Instant now, Instant forgetAfter) {
    Objects.requireNonNull(grantId, "grant id");
    Objects.requireNonNull(item, "item");
    String useKey = LedgerValues.digest(grantId, item.value());
    String keyDigest = idempotencyKey == null ? null : LedgerValues.digest(idempotencyKey);
    long nowMillis = LedgerValues.floorMillis(now);
    long forgetMillis = LedgerValues.ceilMillis(forgetAfter);
    Use use =
        database.transaction(
            "claim",
            c -> {
              for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                if (take(c, useKey, keyDigest, nowMillis, forgetMillis)) {
                  return Use.FIRST;
                }
                Use found = holder(c, useKey, keyDigest);
                if (found != null) {
                  return found;
                }
                // the row we lost to was expired and deleted in between: try again
              }
              throw new SQLException("claim did not settle", "40001");
            });
    database.cleanupIfDue(TABLE, "forget_after_ms", nowMillis);
    return use;
  }

  /** Inserts the use, or takes over an expired one; true if this claim now holds the pair. */
  private boolean take(
      Connection c, String useKey, String keyDigest, long nowMillis, long forgetMillis)
      throws SQLException {
    try (PreparedStatement insert = database.prepare(c, claimSql)) {
      insert.setString(1, useKey);
      insert.setString(2, keyDigest);
      insert.setLong(3, forgetMillis);
      if (database.dialect() == LedgerDatabase.Dialect.POSTGRESQL) {
        insert.setLong(4, nowMillis);
      }
      return insert.executeUpdate() == 1;
    } catch (SQLException e) {
      if (!LedgerDatabase.UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw e;
      }
    }
    // H2: the pair is held; take it over if its holder's time has passed
    try (PreparedStatement update =
        database.prepare(
            c,
            "UPDATE "
                + TABLE
                + " SET idempotency_key = ?, forget_after_ms = ?"
                + " WHERE use_key = ? AND forget_after_ms <= ?")) {
      update.setString(1, keyDigest);
      update.setLong(2, forgetMillis);
      update.setString(3, useKey);
      update.setLong(4, nowMillis);
      return update.executeUpdate() == 1;
    }
  }

  /** RETRY or USED after a lost claim, or null if the row has gone since. */
  private Use holder(Connection c, String useKey, String keyDigest) throws SQLException {
    try (PreparedStatement select =
        database.prepare(c, "SELECT idempotency_key FROM " + TABLE + " WHERE use_key = ?")) {
      select.setString(1, useKey);
      try (ResultSet rs = select.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        String held = rs.getString(1);
        return keyDigest != null && keyDigest.equals(held) ? Use.RETRY : Use.USED;
      }
    }
  }

  @Override
  public String toString() {
    return "JdbcGrantUseLedger[" + database.dialect() + "]";
  }

  /**
   * Configures a {@link JdbcGrantUseLedger}; validation happens in {@link #build()}.
   *
   * <pre>{@code
   * JdbcGrantUseLedger ledger = JdbcGrantUseLedger.builder(pool)
   *     .queryTimeout(Duration.ofSeconds(2))
   *     .cleanupInterval(Duration.ofMinutes(5))
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    private final DataSource dataSource;
    private boolean migrate = true;
    private Duration queryTimeout = Duration.ofSeconds(5);
    private Duration cleanupInterval = Duration.ofMinutes(1);

    private Builder(DataSource dataSource) {
      this.dataSource = Checks.notNull("data source", dataSource);
    }

    /**
     * The operator runs the migrations ({@value JdbcGrantUseLedger#MIGRATIONS}); {@link #build()}
     * does not.
     */
    public Builder withoutMigration() {
      this.migrate = false;
      return this;
    }

    /** The timeout of every statement: 1 second to 1 minute, default 5 seconds. */
    public Builder queryTimeout(Duration timeout) {
      this.queryTimeout = Checks.notNull("query timeout", timeout);
      return this;
    }

    /** How often expired uses are deleted: 1 second to 1 day, default 1 minute. */
    public Builder cleanupInterval(Duration interval) {
      this.cleanupInterval = Checks.notNull("cleanup interval", interval);
      return this;
    }

    /**
     * Connects once to learn the database, migrates unless told {@link #withoutMigration()}, and
     * builds the ledger.
     *
     * @throws LedgerUnavailableException if the database cannot be reached or migrated
     * @throws IllegalStateException for a setting out of range or a database other than H2 or
     *     PostgreSQL
     */
    public JdbcGrantUseLedger build() {
      LedgerDatabase database =
          LedgerDatabase.open(NAME, dataSource, queryTimeout, cleanupInterval);
      if (migrate) {
        LedgerSchema.migrate(NAME, database);
      }
      return new JdbcGrantUseLedger(database);
    }
  }
}
