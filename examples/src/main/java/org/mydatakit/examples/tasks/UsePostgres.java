package org.mydatakit.examples.tasks;

import static org.mydatakit.examples.tasks.SampleConsents.KB_BANK;
import static org.mydatakit.examples.tasks.SampleConsents.NHIS_QUALIFICATION;

import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.RevokedBy;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.store.jdbc.Databases;
import org.mydatakit.store.jdbc.JdbcConsentStore;

/**
 * Task: keep consents in PostgreSQL instead of the embedded H2 file: the same {@link
 * JdbcConsentStore}, the same schema (migrated on start), another JDBC URL.
 *
 * <pre>{@code
 * MYDATA_TEST_PG_URL='jdbc:postgresql://127.0.0.1:5432/test?user=postgres' \
 *   java -cp examples.jar:... org.mydatakit.examples.tasks.UsePostgres
 * }</pre>
 *
 * <p>The URL comes from the first argument or the {@code MYDATA_TEST_PG_URL} environment variable;
 * without either it says so and returns. It writes one consent and its audit entries to that
 * database, in the schema the URL selects: add {@code &currentSchema=NAME} to keep them out of
 * {@code public} (its test runs it so, in a schema of its own that it drops afterwards).
 */
public final class UsePostgres {
  /** The environment variable the URL is read from when no argument is given. */
  public static final String URL_VARIABLE = "MYDATA_TEST_PG_URL";

  private UsePostgres() {}

  public static void main(String[] args) {
    String url = args.length > 0 ? args[0] : System.getenv(URL_VARIABLE);
    if (url == null || url.isBlank()) {
      System.out.println(
          "UsePostgres: no PostgreSQL URL; pass a jdbc:postgresql://… URL or set " + URL_VARIABLE);
      return;
    }
    // Databases.fromUrl adds connect and socket timeouts; in production use a pool (HikariCP).
    JdbcConsentStore store = JdbcConsentStore.builder(Databases.fromUrl(url)).build();
    store.migrate(); // creates or upgrades the schema; safe on every start, from every node
    System.out.println("store: " + store.dialect() + ", schema migrated");

    ConsentBroker broker =
        SampleConsents.broker(
                store, SigningKeySet.generate(SigningAlgorithm.ES256), "https://broker.example")
            .build();
    Consent consent = SampleConsents.approved(broker, KB_BANK, NHIS_QUALIFICATION);
    System.out.println("consent " + consent.id() + " stored: " + consent.status());
    Consent revoked = broker.revoke(consent.id(), RevokedBy.CITIZEN, "example");
    System.out.println(
        "read back after revoke: " + broker.find(consent.id()).orElseThrow().status());
    System.out.println("status slot " + revoked.statusIndex() + " now INVALID in the status list");
    System.out.println("audit chain intact: " + broker.verifyAudit().intact());
  }
}
