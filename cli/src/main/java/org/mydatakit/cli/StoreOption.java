package org.mydatakit.cli;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.mydatakit.broker.ConsentStoreException;
import org.mydatakit.store.jdbc.Databases;
import org.mydatakit.store.jdbc.JdbcConsentStore;
import picocli.CommandLine.Option;

/** {@code --store URL}: a broker's consent store, an H2 file or PostgreSQL by JDBC URL. */
final class StoreOption {
  /** Tables a migrated store has; their absence means the URL names no mydatakit store. */
  private static final Set<String> TABLES = Set.of("mydatakit_schema_history", "mydatakit_audit");

  @Option(
      names = "--store",
      paramLabel = "URL",
      description =
          "The JDBC URL of a broker's store, H2 (jdbc:h2:file:…, the demo prints its own) or"
              + " PostgreSQL (jdbc:postgresql://…). It must hold a store a broker has created:"
              + " this command creates nothing.")
  String url;

  /**
   * Opens an existing store, read-only in intent: no migration (a tool reads what the broker
   * wrote), and a URL that holds no mydatakit store is a usage error that creates nothing — H2 is
   * opened with {@code IFEXISTS=TRUE}, so a missing file is not created, and the store's tables are
   * looked up before anything reads them.
   */
  JdbcConsentStore open(Inputs inputs) {
    return open(inputs, openExisting(inputs));
  }

  /**
   * The store, opened as {@link #open} opens it, if it keeps consent events; empty for a store its
   * broker migrated before they existed (it has none, and this command creates nothing).
   */
  Optional<JdbcConsentStore> openWithEvents(Inputs inputs) {
    DataSource dataSource = openExisting(inputs);
    if (!hasTable(inputs, dataSource, "mydatakit_event")) {
      return Optional.empty();
    }
    return Optional.of(open(inputs, dataSource));
  }

  private static JdbcConsentStore open(Inputs inputs, DataSource dataSource) {
    try {
      return JdbcConsentStore.builder(dataSource).build();
    } catch (ConsentStoreException e) {
      throw inputs.error("--store: cannot open the store (" + e.getMessage() + ")");
    }
  }

  /**
   * The data source of an existing, migrated store, checked as {@link #open} checks it; for
   * commands that read more than the consent store.
   */
  DataSource openExisting(Inputs inputs) {
    DataSource dataSource = inputs.parse("--store", () -> Databases.fromUrl(existingOnly(url)));
    try (Connection c = dataSource.getConnection()) {
      if (!tables(c).containsAll(TABLES)) {
        throw noStore(inputs);
      }
    } catch (SQLException e) {
      if (e.getErrorCode() == H2_DATABASE_NOT_FOUND) {
        throw noStore(inputs);
      }
      throw cannotOpen(inputs, e);
    }
    return dataSource;
  }

  /** Whether the store behind {@code dataSource} has the table {@code name} (lower case). */
  static boolean hasTable(Inputs inputs, DataSource dataSource, String name) {
    try (Connection c = dataSource.getConnection()) {
      return tables(c).contains(name);
    } catch (SQLException e) {
      throw cannotOpen(inputs, e);
    }
  }

  private static RuntimeException cannotOpen(Inputs inputs, SQLException e) {
    return inputs.error(
        "--store: cannot open the store ("
            + e.getClass().getSimpleName()
            + ", SQL state "
            + e.getSQLState()
            + ")");
  }

  /**
   * H2's "database not found, and IFEXISTS=TRUE" (ErrorCode.DATABASE_NOT_FOUND_WITH_IF_EXISTS_1).
   */
  private static final int H2_DATABASE_NOT_FOUND = 90146;

  private static String existingOnly(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    return lower.startsWith("jdbc:h2:") && !lower.contains("ifexists=")
        ? url + ";IFEXISTS=TRUE"
        : url;
  }

  /** The tables of the connection's current schema, in lower case. */
  private static Set<String> tables(Connection c) throws SQLException {
    String schema = c.getSchema();
    if (schema == null) {
      return Set.of(); // PostgreSQL: no schema of the search path exists
    }
    Set<String> found = new HashSet<>();
    try (ResultSet tables = c.getMetaData().getTables(c.getCatalog(), schema, "%", null)) {
      while (tables.next()) {
        found.add(tables.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
      }
    }
    return found;
  }

  private static RuntimeException noStore(Inputs inputs) {
    return inputs.error(
        "--store: expected the URL of a mydatakit store, found no store there (no database,"
            + " or one no broker has migrated); read-only commands create nothing, so start the"
            + " broker (or `mydatakit demo`) on it first");
  }
}
