package org.mydatakit.server;

import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.mydatakit.store.jdbc.Databases;

/**
 * The store's data source ({@link Databases#fromUrl}), closed with the application: an embedded H2
 * pool is disposed, so the database file is closed cleanly on a graceful shutdown.
 */
final class Database implements AutoCloseable {
  private final DataSource dataSource;

  Database(String jdbcUrl) {
    this.dataSource = Databases.fromUrl(jdbcUrl);
  }

  DataSource dataSource() {
    return dataSource;
  }

  @Override
  public void close() {
    if (dataSource instanceof JdbcConnectionPool pool) {
      pool.dispose();
    }
  }

  /** Never shows the URL: it may carry a password. */
  @Override
  public String toString() {
    return "Database[" + dataSource.getClass().getSimpleName() + "]";
  }
}
