package org.mydatakit.examples.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** Every task example's {@code main} runs and prints what it did. */
class TasksTest {

  @Test
  void issueAndVerifyGrantVerifiesOnceAndRefusesTheReplay() throws Exception {
    String out = Stdout.of(() -> IssueAndVerifyGrant.main(new String[0]));
    assertThat(out)
        .contains("broker: issued a grant for NHIS")
        .contains("NHIS: grant valid for consumer KB-BANK, scope [nhis.qualification]")
        .contains("NHIS: the same proof again is rejected: DPOP_REPLAY");
  }

  @Test
  void approveAndRevokeConsentEndsWithNoFurtherGrant() throws Exception {
    String out = Stdout.of(() -> ApproveAndRevokeConsent.main(new String[0]));
    assertThat(out)
        .contains(": REQUESTED")
        .contains("approved: ACTIVE, 1 signed receipt(s)")
        .contains("grant issued for NHIS")
        .contains("revoked by the citizen: REVOKED")
        .contains("a grant after the revoke is refused: ConsentStateException")
        .contains("audit chain intact: true");
  }

  @Test
  void fetchFromProviderDeliversBothItemsThenIsRefusedAfterTheRevoke() throws Exception {
    String out = Stdout.of(() -> FetchFromProvider.main(new String[0]));
    assertThat(out)
        .contains("2 of 2 items delivered")
        .containsPattern("NHIS nhis\\.qualification: delivered, tran KBBANK\\d+, \\d+ fields")
        .containsPattern("NTS nts\\.income-certificate: delivered, tran KBBANK\\d+")
        .contains("new grants: the broker issues none for a revoked consent")
        .contains("NHIS nhis.qualification: failed, ConsentStateException")
        .contains("0 of 2 items delivered")
        .contains("NHIS nhis.qualification: refused 403 REVOKED")
        .contains("NTS nts.income-certificate: refused 403 REVOKED")
        .doesNotContain("FAKE-CI")
        .doesNotContain("직장가입자"); // a record's value: only field names are printed
  }

  @Test
  void rotateBrokerKeysKeepsOldGrantsUntilTheKeyIsRetired() throws Exception {
    String out = Stdout.of(() -> RotateBrokerKeys.main(new String[0]));
    assertThat(out)
        .containsSubsequence(
            "rotated: 2 keys published",
            "grant by the old key: VALID",
            "grant by the new key: VALID",
            "retired the old key: 1 key published",
            "grant by the old key: rejected, UNKNOWN_KEY",
            "grant by the new key: VALID");
  }

  @Test
  @EnabledIfEnvironmentVariable(
      named = UsePostgres.URL_VARIABLE,
      matches = ".*\\S.*",
      disabledReason =
          "PostgreSQL test skipped: set "
              + UsePostgres.URL_VARIABLE
              + " (e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres); .ci/run sets it")
  void usePostgresStoresAndRevokesAConsentInItsOwnSchema() throws Exception {
    String url = System.getenv(UsePostgres.URL_VARIABLE);
    // A fresh schema, dropped afterwards: the test leaves nothing in the database's public schema.
    String schema = "mdk_example_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    sql(url, "CREATE SCHEMA " + schema);
    try {
      String inSchema = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
      String out = Stdout.of(() -> UsePostgres.main(new String[] {inSchema}));
      assertThat(out)
          .contains("store: POSTGRES")
          .contains("stored: ACTIVE")
          .contains("read back after revoke: REVOKED")
          .contains("audit chain intact: true");
      try (Connection c = DriverManager.getConnection(url);
          Statement s = c.createStatement();
          ResultSet rows =
              s.executeQuery("SELECT count(*) FROM " + schema + ".mydatakit_consent")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getInt(1)).as("consents in the test's schema").isEqualTo(1);
      }
    } finally {
      sql(url, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  private static void sql(String url, String statement) throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  @Test
  void usePostgresWithoutAUrlSaysSoAndReturns() throws Exception {
    // A blank argument stands for "no URL" whatever the environment holds.
    String out = Stdout.of(() -> UsePostgres.main(new String[] {" "}));
    assertThat(out).contains("no PostgreSQL URL");
  }
}
