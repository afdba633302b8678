package org.mydatakit.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.consent.PairwiseSubjects;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;

/** The README's "Stores" example, run as written (on H2; PostgreSQL differs in one line). */
class StoreReadmeExampleTest {

  @Test
  void brokerOnTheEmbeddedH2Store() throws Exception {
    Path dir = Files.createTempDirectory("mydatakit-readme");
    SigningKeySet keys = SigningKeySet.generate(SigningAlgorithm.ES256);
    PairwiseSubjects subjects =
        PairwiseSubjects.of(
            "FAKE-MASTER-SECRET-for-examples-and-tests-only".getBytes(StandardCharsets.US_ASCII));

    // region readme-store
    // Embedded: an H2 file, nothing to install. Every commit is written through before it is
    // acknowledged, so an acknowledged write survives a killed process.
    JdbcConsentStore store =
        JdbcConsentStore.builder(Databases.h2File(dir.resolve("broker"))).build();
    // Production: PostgreSQL behind a pool, e.g.
    //   JdbcConsentStore.builder(new HikariDataSource(hikariConfig)).build();
    store.migrate(); // creates or upgrades the schema; safe on every start, from every node

    ConsentBroker broker =
        ConsentBroker.builder()
            .store(store)
            .signingKeys(keys)
            .issuer("https://broker.example")
            .pairwiseSubjects(subjects)
            .statusListUri(URI.create("https://broker.example/status/1"))
            .build();
    // endregion readme-store

    assertThat(store.dialect()).isEqualTo(Dialect.H2);
    assertThat(broker.statusList()).isNotEmpty();
    assertThat(Files.exists(dir.resolve("broker.mv.db"))).isTrue();
  }
}
