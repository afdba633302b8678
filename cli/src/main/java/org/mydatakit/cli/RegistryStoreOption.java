package org.mydatakit.cli;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.mydatakit.broker.ConsentStoreException;
import org.mydatakit.store.jdbc.Databases;
import org.mydatakit.store.jdbc.JdbcAgencyRegistry;
import org.mydatakit.store.jdbc.JdbcConsentStore;
import picocli.CommandLine.Option;

/**
 * {@code --store URL} for the commands that change the agency registry: the store is migrated first
 * (as a broker does when it starts), so the registry's table exists.
 */
final class RegistryStoreOption {
  /** H2's "database not found, and IFEXISTS=TRUE". */
  private static final int H2_DATABASE_NOT_FOUND = 90146;

  @Option(
      names = "--store",
      paramLabel = "URL",
      required = true,
      description =
          "The JDBC URL of a broker's store, H2 (jdbc:h2:file:…) or PostgreSQL"
              + " (jdbc:postgresql://…). Its schema is created or upgraded first, as the broker"
              + " does when it starts.")
  String url;

  /**
   * Opens the store's registry after migrating the store. With {@code create} false an H2 file that
   * does not exist is a usage error and is not created (changing an agency needs a store that holds
   * it); with {@code create} true it is created.
   */
  JdbcAgencyRegistry open(Inputs inputs, boolean create) {
    String jdbcUrl = url;
    String lower = url.toLowerCase(Locale.ROOT);
    if (!create && lower.startsWith("jdbc:h2:") && !lower.contains("ifexists=")) {
      jdbcUrl = url + ";IFEXISTS=TRUE";
    }
    String opened = jdbcUrl;
    DataSource dataSource = inputs.parse("--store", () -> Databases.fromUrl(opened));
    try (Connection c = dataSource.getConnection()) {
      c.isValid(5);
    } catch (SQLException e) {
      if (e.getErrorCode() == H2_DATABASE_NOT_FOUND) {
        throw inputs.error(
            "--store: expected the URL of a mydatakit store, found no store there (no such"
                + " database); register an agency first, or start the broker on it");
      }
      throw inputs.error(
          "--store: cannot open the store ("
              + e.getClass().getSimpleName()
              + ", SQL state "
              + e.getSQLState()
              + ")");
    }
    try {
      JdbcConsentStore.builder(dataSource).build().migrate();
    } catch (ConsentStoreException e) {
      throw new CliFailure("cannot migrate the store: " + e.getMessage(), e);
    }
    return JdbcAgencyRegistry.of(dataSource);
  }
}
