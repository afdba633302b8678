package org.mydatakit.store.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import javax.sql.DataSource;
import org.mydatakit.broker.ConsentStoreException;
import org.mydatakit.broker.ConsentStoreUnavailableException;

/**
 * Runs each store operation as one transaction: commit on success, roll back on anything else, and
 * turn SQL failures into {@link ConsentStoreException}s — {@link ConsentStoreUnavailableException}
 * when the database cannot be reached or answered too late.
 */
public final class Transactions {
  /** The body of a transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** Thrown by a body to roll back and return {@code value}: "not changed" is not an error. */
  public static final class Rollback extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Object value;

    public Rollback(Object value) {
      super(null, null, false, false);
      this.value = value;
    }
  }

  /** An SQLException crossing code that cannot throw it (a broker step's callback). */
  public static final class SqlFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SqlFailure(SQLException cause) {
      super(null, cause, false, false);
    }

    SQLException sql() {
      return (SQLException) getCause();
    }
  }

  private final DataSource dataSource;
  private final int queryTimeoutSeconds;

  public Transactions(DataSource dataSource, int queryTimeoutSeconds) {
    this.dataSource = dataSource;
    this.queryTimeoutSeconds = queryTimeoutSeconds;
  }

  /** Prepares {@code sql} with the store's query timeout. */
  public PreparedStatement prepare(Connection c, String sql) throws SQLException {
    PreparedStatement statement = c.prepareStatement(sql);
    statement.setQueryTimeout(queryTimeoutSeconds);
    return statement;
  }

  /**
   * One read of one statement, in the connection's own auto-commit mode: no BEGIN and COMMIT round
   * trips around it. Use {@link #run} for anything that must see one state across statements.
   */
  public <T> T read(String operation, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      if (!c.getAutoCommit()) { // a pool that hands out connections in a transaction: end it
        T result = work.run(c);
        c.commit();
        return result;
      }
      return work.run(c);
    } catch (SqlFailure e) {
      throw translate(operation, e.sql());
    } catch (SQLException e) {
      throw translate(operation, e);
    }
  }

  @SuppressWarnings("unchecked")
  public <T> T run(String operation, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (Rollback rollback) {
        c.rollback();
        return (T) rollback.value;
      } catch (SqlFailure e) {
        rollbackQuietly(c, e.sql());
        throw e.sql();
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c, e);
        throw e;
      } finally {
        restore(c, autoCommit);
      }
    } catch (SQLException e) {
      throw translate(operation, e);
    }
  }

  private static void rollbackQuietly(Connection c, Exception cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private static void restore(Connection c, boolean autoCommit) {
    try {
      if (!c.isClosed()) {
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException ignored) {
      // the connection is broken; the pool will discard it
    }
  }

  /** The store exception for {@code e}: "unavailable" for connection failures and timeouts. */
  public static ConsentStoreException translate(String operation, SQLException e) {
    return isUnavailable(e)
        ? new ConsentStoreUnavailableException(operation, e)
        : new ConsentStoreException(operation, e);
  }

  static boolean isUnavailable(SQLException e) {
    for (SQLException x = e; x != null; x = x.getNextException()) {
      String state = x.getSQLState() == null ? "" : x.getSQLState();
      if (x instanceof SQLTransientConnectionException
          || x instanceof SQLNonTransientConnectionException
          || x instanceof SQLTimeoutException
          || state.startsWith("08") // connection exception
          || state.startsWith("57") // operator intervention: shutdown, cancelled
          || state.startsWith("53") // insufficient resources
          || x.getErrorCode() == 90020 // H2: database already in use by another process
          || x.getErrorCode() == 90098) { // H2: database is closed
        return true;
      }
      if (x.getCause() instanceof SQLException cause && cause != x) {
        return isUnavailable(cause);
      }
    }
    return false;
  }
}
