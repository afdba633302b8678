package org.mydatakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store commands that never migrate (the read-only ones, and {@code events replay}) given a URL
 * that holds no mydatakit store: a usage error (exit 2) that says so, and nothing is created — no
 * file, no directory, no table.
 */
class StoreUrlWithoutStoreTest {
  private static final String PG_ENV = "MYDATA_TEST_PG_URL";

  @TempDir Path dir;

  private static List<String[]> commandsThatCreateNothing(String url) {
    return List.of(
        new String[] {"audit", "verify", "--store", url},
        new String[] {"audit", "export", "--store", url},
        new String[] {"consents", "list", "--store", url},
        new String[] {"consents", "overdue-erasure", "--store", url},
        new String[] {"events", "dead-letters", "--store", url},
        new String[] {"events", "replay", "--store", url, "--all"},
        new String[] {"agencies", "list", "--store", url});
  }

  private static void assertNoStoreThere(Cli.Result r) {
    assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains("found no store there").doesNotContain("internal error");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void anH2FileThatDoesNotExistIsAUsageErrorAndIsNotCreated() throws Exception {
    Path missing = dir.resolve("no").resolve("such").resolve("dir").resolve("broker");
    for (String[] command : commandsThatCreateNothing("jdbc:h2:file:" + missing)) {
      assertNoStoreThere(Cli.run(command));
    }
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left).as("files created under " + dir).isEmpty();
    }
  }

  @Test
  void anH2DatabaseWithoutTheStoreIsAUsageErrorAndGetsNoTables() throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("other");
    try (Connection c = DriverManager.getConnection(url, "sa", "")) {
      c.createStatement().execute("CREATE TABLE unrelated (id INT)");
    }
    for (String[] command : commandsThatCreateNothing(url)) {
      assertNoStoreThere(Cli.run(command));
    }
    try (Connection c = DriverManager.getConnection(url + ";IFEXISTS=TRUE", "sa", "");
        ResultSet tables = c.getMetaData().getTables(null, "PUBLIC", "%", null)) {
      assertThat(tables.next()).isTrue();
      assertThat(tables.getString("TABLE_NAME")).isEqualToIgnoringCase("unrelated");
      assertThat(tables.next()).as("another table was created").isFalse();
    }
  }

  @Test
  @EnabledIfEnvironmentVariable(
      named = PG_ENV,
      matches = ".*\\S.*",
      disabledReason =
          "PostgreSQL test skipped: set "
              + PG_ENV
              + " (e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres); .ci/run sets it")
  void aPostgresSchemaWithoutTheStoreIsAUsageErrorAndGetsNoTables() throws Exception {
    String url = System.getenv(PG_ENV);
    String schema = "mdk_cli_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    try {
      String inSchema = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
      for (String[] command : commandsThatCreateNothing(inSchema)) {
        assertNoStoreThere(Cli.run(command));
      }
      try (Connection c = DriverManager.getConnection(url);
          Statement s = c.createStatement();
          ResultSet count =
              s.executeQuery(
                  "SELECT count(*) FROM information_schema.tables WHERE table_schema = '"
                      + schema
                      + "'")) {
        assertThat(count.next()).isTrue();
        assertThat(count.getInt(1)).as("tables created in " + schema).isZero();
      }
    } finally {
      try (Connection c = DriverManager.getConnection(url);
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }
}
