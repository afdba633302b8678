package org.mydatakit.server;

import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.mydatakit.store.jdbc.Databases;

/**
 * The store's data source, closed with the application: for H2, {@link Databases#fromUrl}'s
 * embedded pool, disposed so that the file is closed cleanly on a graceful shutdown; for
 * PostgreSQL, a HikariCP pool.
 */
final class Database implements AutoCloseable {
  private final DataSource dataSource;

  /** At most this many PostgreSQL connections per node. */
  static final int POOL_SIZE = 16;

  Database(String jdbcUrl) {
    this.dataSource =
        jdbcUrl.startsWith("jdbc:postgresql:") ? postgres(jdbcUrl) : Databases.fromUrl(jdbcUrl);
  }

  /**
   * A HikariCP pool of {@value #POOL_SIZE} connections, each with the connect and socket timeouts
   * {@link Databases#fromUrl} gives a PostgreSQL URL that lacks them, so a dead network cannot hang
   * a request thread past its query timeout.
   */
  private static DataSource postgres(String jdbcUrl) {
    String url = jdbcUrl;
    String lower = jdbcUrl.toLowerCase(java.util.Locale.ROOT);
    String sep = jdbcUrl.contains("?") ? "&" : "?";
    if (!lower.contains("connecttimeout=")) {
      url += sep + "connectTimeout=5";
      sep = "&";
    }
    if (!lower.contains("sockettimeout=")) {
      url += sep + "socketTimeout=30";
    }
    com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(POOL_SIZE);
    config.setPoolName("mydatakit-store");
    config.setConnectionTimeout(10_000);
    // started lazily: a database that is down at start makes the store's migration fail, clearly
    config.setInitializationFailTimeout(-1);
    return new com.zaxxer.hikari.HikariDataSource(config);
  }

  DataSource dataSource() {
    return dataSource;
  }

  @Override
  public void close() {
    if (dataSource instanceof JdbcConnectionPool pool) {
      pool.dispose();
    } else if (dataSource instanceof com.zaxxer.hikari.HikariDataSource pool) {
      pool.close();
    }
  }

  /** Never shows the URL: it may carry a password. */
  @Override
  public String toString() {
    return "Database[" + dataSource.getClass().getSimpleName() + "]";
  }
}
