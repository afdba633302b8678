package org.mydatakit.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import javax.sql.DataSource;
import org.mydatakit.store.jdbc.Databases;

/** The databases the store benchmarks run on: a fresh H2 file, or the local PostgreSQL. */
final class Stores {
  static final String PG_URL_VARIABLE = "MYDATA_TEST_PG_URL";

  private Stores() {}

  /**
   * A data source for {@code kind} ({@code h2} or {@code postgres}). PostgreSQL runs behind
   * HikariCP (4 connections), as the README tells production brokers to; its URL comes from {@value
   * #PG_URL_VARIABLE}, e.g. {@code jdbc:postgresql://127.0.0.1:5432/mydatakit_bench?user=postgres}.
   *
   * @throws IllegalStateException if PostgreSQL is asked for and the variable is unset: JMH reports
   *     that parameter as failed with this message and goes on with the others
   */
  static DataSource open(String kind) throws Exception {
    switch (kind) {
      case "h2":
        return Databases.h2File(Files.createTempDirectory("mydatakit-bench").resolve("broker"));
      case "postgres":
        String url = System.getenv(PG_URL_VARIABLE);
        if (url == null || url.isBlank()) {
          throw new IllegalStateException(
              "postgres skipped: set " + PG_URL_VARIABLE + " to a jdbc:postgresql: URL");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(4);
        return new HikariDataSource(config);
      default:
        throw new IllegalArgumentException("store: expected h2 or postgres, got " + kind);
    }
  }

  static void close(DataSource dataSource) throws Exception {
    if (dataSource instanceof AutoCloseable c) {
      c.close();
    }
  }
}
