package org.mydatakit.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The event and erasure commands on a PostgreSQL store, each test in a schema of its own. */
@EnabledIfEnvironmentVariable(
    named = PostgresEventCommandsTest.PG_ENV,
    matches = ".*\\S.*",
    disabledReason =
        "PostgreSQL test skipped: set "
            + PostgresEventCommandsTest.PG_ENV
            + " (e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres); .ci/run sets it")
class PostgresEventCommandsTest extends EventCommandsContract {
  static final String PG_ENV = "MYDATA_TEST_PG_URL";

  private String schema;

  @Override
  String newStoreUrl() throws Exception {
    String base = System.getenv(PG_ENV);
    schema = "mdk_cli_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(base);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  @AfterEach
  void dropSchema() throws Exception {
    if (schema == null) {
      return;
    }
    try (Connection c = DriverManager.getConnection(System.getenv(PG_ENV));
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }
}
