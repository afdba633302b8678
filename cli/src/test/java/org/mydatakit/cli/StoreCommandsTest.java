package org.mydatakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.broker.ConsentRequest;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.AuthenticationEvidence;
import org.mydatakit.consent.CitizenIdentifier;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.consent.LegalBasis;
import org.mydatakit.consent.PairwiseSubjects;
import org.mydatakit.consent.Purpose;
import org.mydatakit.consent.RevokedBy;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.store.jdbc.Databases;
import org.mydatakit.store.jdbc.JdbcConsentStore;

/** {@code consents list}, {@code audit export} and {@code audit verify --store} on an H2 store. */
class StoreCommandsTest {
  @TempDir Path dir;
  String url;
  Consent active;

  @BeforeEach
  void brokerWithHistory() {
    url = "jdbc:h2:file:" + dir.resolve("broker").toAbsolutePath();
    JdbcConsentStore store = JdbcConsentStore.builder(Databases.fromUrl(url)).build();
    store.migrate();
    ConsentBroker broker =
        ConsentBroker.builder()
            .store(store)
            .signingKeys(SigningKeySet.generate(SigningAlgorithm.ES256))
            .issuer("https://broker.example")
            .pairwiseSubjects(
                PairwiseSubjects.of(
                    "FAKE-MASTER-SECRET-for-examples-and-tests-only"
                        .getBytes(StandardCharsets.US_ASCII)))
            .statusListUri(URI.create("https://broker.example/status/1"))
            .build();
    Instant now = Instant.now();
    ConsentRequest request =
        ConsentRequest.builder()
            .consumer(AgencyId.of("KB-BANK"))
            .item(DataItem.of(AgencyId.of("NHIS"), ItemCode.of("nhis.qualification")))
            .purpose(new Purpose("loan-screening", "대출 심사", LegalBasis.PIPA_35_2))
            .delivery(Delivery.oneTime())
            .validity(now, now.plus(Duration.ofDays(30)))
            .retention(Period.ofYears(1))
            .build();
    try (CitizenIdentifier citizen = CitizenIdentifier.of("FAKE-CI-HONG-GILDONG-0001")) {
      Consent requested = broker.request(request, citizen, "k1");
      active =
          broker.approve(
              requested.id(),
              citizen,
              new AuthenticationEvidence(
                  AuthenticationEvidence.Method.MOBILE_ID,
                  now,
                  "mobile-app",
                  AuthenticationEvidence.sha256Hex("consent text")));
    }
    broker.revoke(active.id(), RevokedBy.CITIZEN, "done");
  }

  @Test
  void consentsListPrintsOneLinePerConsentWithoutSubjects() {
    Cli.Result r = Cli.run("consents", "list", "--store", url);
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.outLines()).hasSize(1);
    assertThat(r.out())
        .contains("\"id\":\"" + active.id() + "\"")
        .contains("\"status\":\"REVOKED\"")
        .doesNotContain(active.subject().brokerSubject().value());
  }

  @Test
  void exportThenVerifyTheFileAndTheStore() throws Exception {
    Cli.Result export = Cli.run("audit", "export", "--store", url);
    assertThat(export.exitCode()).as(export.err()).isZero();
    assertThat(export.outLines()).hasSize(3);
    Path file = Files.writeString(dir.resolve("audit.jsonl"), export.out(), StandardCharsets.UTF_8);
    assertThat(Cli.run("audit", "verify", file.toString()).out()).contains("OK 3 entries");
    Cli.Result store = Cli.run("audit", "verify", "--store", url);
    assertThat(store.exitCode()).isZero();
    assertThat(store.out()).contains("OK 3 entries");
  }

  @Test
  void aTamperedStoreIsBroken() throws Exception {
    try (Connection c = Databases.fromUrl(url).getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE mydatakit_audit SET actor = 'operator' WHERE seq = 2");
    }
    Cli.Result r = Cli.run("audit", "verify", "--store", url);
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.out()).startsWith("BROKEN at 2:");
  }

  @Test
  void usageErrors() {
    assertThat(Cli.run("consents", "list").exitCode()).isEqualTo(2);
    assertThat(Cli.run("audit", "verify").exitCode()).isEqualTo(2);
    assertThat(Cli.run("audit", "verify", "x.jsonl", "--store", url).exitCode()).isEqualTo(2);
    assertThat(Cli.run("consents", "list", "--store", "jdbc:mysql://x/y").exitCode()).isEqualTo(2);
  }
}
