package org.mydatakit.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/** Fresh databases for tests: an H2 file in a temporary directory, or a PostgreSQL schema. */
final class TestDatabases {
  static final String PG_ENV = "MYDATA_TEST_PG_URL";

  /** Why a PostgreSQL test did not run, and how to run it. */
  static final String PG_SKIPPED =
      "PostgreSQL tests skipped: set "
          + PG_ENV
          + " (e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres); .ci/run sets it";

  private TestDatabases() {}

  /** The PostgreSQL URL, or the test is skipped with a message saying how to run it. */
  static String postgresUrl() {
    String url = System.getenv(PG_ENV);
    Assumptions.assumeTrue(url != null && !url.isBlank(), PG_SKIPPED);
    return url;
  }

  static Path h2File() throws Exception {
    return Files.createTempDirectory("mydatakit-h2").resolve("broker");
  }

  /** A store on a new H2 file database, migrated. */
  static JdbcConsentStore h2Store(Path file) {
    JdbcConsentStore store = JdbcConsentStore.builder(Databases.h2File(file)).build();
    store.migrate();
    return store;
  }

  /** A new, empty schema in the test PostgreSQL database. */
  static String newSchema() throws Exception {
    String schema = "mdk_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = java.sql.DriverManager.getConnection(postgresUrl());
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    return schema.toLowerCase(Locale.ROOT);
  }

  static void dropSchema(String schema) throws Exception {
    try (Connection c = java.sql.DriverManager.getConnection(postgresUrl());
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  /** A HikariCP pool on {@code schema}: what a production broker would run. */
  static HikariDataSource pool(String schema, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(postgresUrl());
    config.setSchema(schema);
    config.setMaximumPoolSize(size);
    config.setConnectionTimeout(5_000);
    config.setPoolName("mydatakit-test-" + schema);
    return new HikariDataSource(config);
  }
}
