package org.mydatakit.provider;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database behind a JDBC ledger or replay cache: its dialect, one short transaction per call,
 * every {@link SQLException} turned into a {@link LedgerUnavailableException} that names the store
 * and the SQLState only, and a bounded cleanup of expired rows at most once per interval.
 */
final class LedgerDatabase {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerDatabase.class);

  /** SQLState of a unique or primary key violation, in H2 and PostgreSQL alike. */
  static final String UNIQUE_VIOLATION = "23505";

  /** The rows one cleanup deletes at most, so that it stays a short statement. */
  static final int CLEANUP_BATCH = 1_000;

  enum Dialect {
    H2,
    POSTGRESQL
  }

  /** The body of a transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final String name;
  private final DataSource dataSource;
  private final Dialect dialect;
  private final int queryTimeoutSeconds;
  private final long cleanupIntervalMillis;
  private final AtomicLong lastCleanup = new AtomicLong(Long.MIN_VALUE);

  private LedgerDatabase(
      String name,
      DataSource dataSource,
      Dialect dialect,
      Duration queryTimeout,
      Duration cleanupInterval) {
    this.name = name;
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.queryTimeoutSeconds = (int) Math.max(1, queryTimeout.toSeconds());
    this.cleanupIntervalMillis = cleanupInterval.toMillis();
  }

  /**
   * Validates the settings and connects once to learn the dialect.
   *
   * @throws LedgerUnavailableException if the database cannot be reached
   * @throws IllegalStateException for a database other than H2 or PostgreSQL, or a setting out of
   *     range
   */
  static LedgerDatabase open(
      String name, DataSource dataSource, Duration queryTimeout, Duration cleanupInterval) {
    if (queryTimeout.compareTo(Duration.ofSeconds(1)) < 0
        || queryTimeout.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalStateException(
          name + ": expected a query timeout of PT1S to PT1M, got " + queryTimeout);
    }
    if (cleanupInterval.compareTo(Duration.ofSeconds(1)) < 0
        || cleanupInterval.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalStateException(
          name + ": expected a cleanup interval of PT1S to P1D, got " + cleanupInterval);
    }
    Dialect dialect;
    try (Connection c = dataSource.getConnection()) {
      String product = c.getMetaData().getDatabaseProductName();
      String lower = product.toLowerCase(Locale.ROOT);
      if (lower.contains("h2")) {
        dialect = Dialect.H2;
      } else if (lower.contains("postgres")) {
        dialect = Dialect.POSTGRESQL;
      } else {
        throw new IllegalStateException(name + ": expected H2 or PostgreSQL, got " + product);
      }
    } catch (SQLException e) {
      throw unavailable(name, "connect", e);
    }
    return new LedgerDatabase(name, dataSource, dialect, queryTimeout, cleanupInterval);
  }

  Dialect dialect() {
    return dialect;
  }

  DataSource dataSource() {
    return dataSource;
  }

  /** Runs {@code work} as one transaction: commit on success, roll back on anything else. */
  <T> T transaction(String operation, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      } finally {
        try {
          if (!c.isClosed()) {
            c.setAutoCommit(autoCommit);
          }
        } catch (SQLException ignored) {
          // the connection is broken; the pool discards it
        }
      }
    } catch (SQLException e) {
      throw unavailable(name, operation, e);
    }
  }

  /** Prepares {@code sql} with the query timeout. */
  PreparedStatement prepare(Connection c, String sql) throws SQLException {
    PreparedStatement statement = c.prepareStatement(sql);
    statement.setQueryTimeout(queryTimeoutSeconds);
    return statement;
  }

  /**
   * Deletes up to {@link #CLEANUP_BATCH} rows of {@code table} whose {@code column} is at or before
   * {@code nowMillis}, if the last cleanup through this instance is an interval ago. A failure is
   * logged, not thrown: the call it rides on has already been answered.
   */
  void cleanupIfDue(String table, String column, long nowMillis) {
    long last = lastCleanup.get();
    if ((last != Long.MIN_VALUE && nowMillis - last < cleanupIntervalMillis)
        || !lastCleanup.compareAndSet(last, nowMillis)) {
      return;
    }
    String sql =
        dialect == Dialect.POSTGRESQL
            ? "DELETE FROM "
                + table
                + " WHERE ctid IN (SELECT ctid FROM "
                + table
                + " WHERE "
                + column
                + " <= ? LIMIT "
                + CLEANUP_BATCH
                + ") AND "
                + column
                + " <= ?"
            : "DELETE FROM "
                + table
                + " WHERE "
                + column
                + " <= ? AND "
                + column
                + " <= ? FETCH FIRST "
                + CLEANUP_BATCH
                + " ROWS ONLY";
    try (Connection c = dataSource.getConnection();
        PreparedStatement delete = prepare(c, sql)) {
      delete.setLong(1, nowMillis);
      delete.setLong(2, nowMillis);
      int deleted = delete.executeUpdate();
      if (!c.getAutoCommit()) {
        c.commit();
      }
      LOG.debug("{}: cleanup deleted {} expired rows", name, deleted);
    } catch (SQLException e) {
      LOG.warn("{}: cleanup failed with sqlstate {}", name, e.getSQLState());
    }
  }

  /** The exception for a failed {@code operation}: the store and the SQLState, nothing else. */
  static LedgerUnavailableException unavailable(String name, String operation, SQLException e) {
    return new LedgerUnavailableException(
        name
            + ": "
            + operation
            + " failed with sqlstate "
            + (e.getSQLState() == null ? "unknown" : e.getSQLState()),
        e);
  }

  String name() {
    return name;
  }
}
