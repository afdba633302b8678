package org.mydatakit.cli;

import javax.sql.DataSource;
import org.mydatakit.broker.ConsentStoreException;
import org.mydatakit.store.jdbc.Databases;
import org.mydatakit.store.jdbc.JdbcConsentStore;
import picocli.CommandLine.Option;

/** {@code --store URL}: a broker's consent store, an H2 file or PostgreSQL by JDBC URL. */
final class StoreOption {
  @Option(
      names = "--store",
      paramLabel = "URL",
      description =
          "The broker's store: a JDBC URL such as jdbc:h2:file:./.mydatakit/broker (the demo"
              + " prints its own) or jdbc:postgresql://127.0.0.1:5432/test?user=postgres.")
  String url;

  /** Opens the store (no migration: a tool reads what the broker wrote). */
  JdbcConsentStore open(Inputs inputs) {
    DataSource dataSource = inputs.parse("--store", () -> Databases.fromUrl(url));
    try {
      return JdbcConsentStore.builder(dataSource).build();
    } catch (ConsentStoreException e) {
      throw inputs.error("--store: cannot open the store (" + e.getMessage() + ")");
    }
  }
}
