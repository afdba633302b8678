package org.mydatakit.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/** The databases {@link JdbcConsentStore} speaks; detected from the connection unless given. */
public enum Dialect {
  /** H2 2.x, usually as an embedded file database. */
  H2,
  /** PostgreSQL 12 or newer. */
  POSTGRESQL;

  /**
   * The dialect of the database behind {@code connection}.
   *
   * @throws IllegalArgumentException for any other database
   */
  public static Dialect of(Connection connection) throws SQLException {
    String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
    if (product.contains("h2")) {
      return H2;
    }
    if (product.contains("postgres")) {
      return POSTGRESQL;
    }
    throw new IllegalArgumentException(
        "database: expected H2 or PostgreSQL, got "
            + connection.getMetaData().getDatabaseProductName());
  }

  /** The statement that returns the next status-list index. */
  String nextStatusIndex() {
    return this == H2
        ? "SELECT NEXT VALUE FOR mydatakit_status_index"
        : "SELECT nextval('mydatakit_status_index')";
  }
}
