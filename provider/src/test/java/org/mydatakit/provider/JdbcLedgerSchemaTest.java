package org.mydatakit.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.grant.DpopReplayCache;

/**
 * The JDBC ledger's and cache's schema: its own Flyway history beside other applications' (H2, and
 * PostgreSQL when MYDATA_TEST_PG_URL is set), migrations safe to repeat, operator-run migrations,
 * the bounded cleanup, and settings checked at build.
 */
class JdbcLedgerSchemaTest {
  private static final ItemCode INCOME = ItemCode.of("nts.income");
  private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private final String database = TestStores.newH2Name();
  private final HikariDataSource pool = TestStores.h2Pool(database, 4);
  private String schema;
  private HikariDataSource postgres;

  @AfterEach
  void close() throws Exception {
    pool.close();
    TestStores.dropH2(database);
    if (postgres != null) {
      postgres.close();
      TestStores.dropSchema(schema);
    }
  }

  @Test
  void migratesBesideAnotherFlywaySchemaOnH2() throws Exception {
    migratesBesideAnotherFlywaySchema(pool);
  }

  @Test
  void migratesBesideAnotherFlywaySchemaOnPostgres() throws Exception {
    migratesBesideAnotherFlywaySchema(postgres());
  }

  /** A pool on a new PostgreSQL schema; the test is skipped without MYDATA_TEST_PG_URL. */
  private DataSource postgres() throws Exception {
    TestStores.postgresUrl();
    schema = TestStores.newSchema();
    postgres = TestStores.postgresPool(schema, 4);
    return postgres;
  }

  private void migratesBesideAnotherFlywaySchema(DataSource dataSource) throws Exception {
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:org/mydatakit/provider/otherdb")
        .load()
        .migrate();

    GrantUseLedger ledger = JdbcGrantUseLedger.create(dataSource);
    DpopReplayCache cache = JdbcDpopReplayCache.create(dataSource);

    assertThat(ledger.claim("grant-a", INCOME, null, t0, t0.plusSeconds(60)))
        .isEqualTo(GrantUseLedger.Use.FIRST);
    assertThat(cache.firstUse("jkt", "jti", t0, t0.plusSeconds(60))).isTrue();
    assertThat(
            count(
                dataSource,
                "SELECT COUNT(*) FROM \""
                    + JdbcGrantUseLedger.HISTORY_TABLE
                    + "\" WHERE \"version\" = '1' AND \"success\" = TRUE"))
        .isEqualTo(1);
    assertThat(
            count(
                dataSource,
                "SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"version\" = '1'"
                    + " AND \"success\" = TRUE"))
        .isEqualTo(1);
    // the other application's Flyway still finds its schema as it left it
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:org/mydatakit/provider/otherdb")
        .load()
        .validate();
  }

  @Test
  void migrationsMayRunAgainFromEveryLedgerAndCache() {
    JdbcGrantUseLedger.create(pool).claim("grant-a", INCOME, "k", t0, t0.plusSeconds(60));
    JdbcDpopReplayCache.create(pool);
    GrantUseLedger again = JdbcGrantUseLedger.create(pool);
    assertThat(again.claim("grant-a", INCOME, "k", t0, t0.plusSeconds(60)))
        .isEqualTo(GrantUseLedger.Use.RETRY);
  }

  @Test
  void withoutMigrationUsesTheOperatorsSchema() {
    GrantUseLedger unmigrated = JdbcGrantUseLedger.builder(pool).withoutMigration().build();
    assertThatThrownBy(() -> unmigrated.claim("grant-a", INCOME, null, t0, t0.plusSeconds(60)))
        .isInstanceOf(LedgerUnavailableException.class)
        .hasMessageStartingWith("jdbc grant use ledger: claim failed with sqlstate 42");

    Flyway.configure()
        .dataSource(pool)
        .locations(JdbcGrantUseLedger.MIGRATIONS)
        .table(JdbcGrantUseLedger.HISTORY_TABLE)
        .load()
        .migrate();
    assertThat(unmigrated.claim("grant-a", INCOME, null, t0, t0.plusSeconds(60)))
        .isEqualTo(GrantUseLedger.Use.FIRST);
  }

  @Test
  void expiredRowsAreDeletedAtMostOncePerIntervalOnH2() throws Exception {
    expiredRowsAreDeletedAtMostOncePerInterval(pool);
  }

  @Test
  void expiredRowsAreDeletedAtMostOncePerIntervalOnPostgres() throws Exception {
    expiredRowsAreDeletedAtMostOncePerInterval(postgres());
  }

  private void expiredRowsAreDeletedAtMostOncePerInterval(DataSource pool) throws Exception {
    GrantUseLedger ledger =
        JdbcGrantUseLedger.builder(pool).cleanupInterval(Duration.ofMinutes(1)).build();
    ledger.claim("grant-live", INCOME, null, t0, t0.plusSeconds(3600)); // the first cleanup
    for (int i = 0; i < 10; i++) {
      ledger.claim("grant-" + i, INCOME, null, t0, t0.plusSeconds(1));
    }
    ledger.claim("grant-x", INCOME, null, t0.plusSeconds(30), t0.plusSeconds(3600));
    assertThat(count(pool, "SELECT COUNT(*) FROM mydatakit_provider_use")).isEqualTo(12);

    ledger.claim("grant-y", INCOME, null, t0.plusSeconds(61), t0.plusSeconds(3600));
    assertThat(count(pool, "SELECT COUNT(*) FROM mydatakit_provider_use")).isEqualTo(3);
  }

  @Test
  void expiredProofsAreDeletedTooOnH2() throws Exception {
    expiredProofsAreDeletedToo(pool);
  }

  @Test
  void expiredProofsAreDeletedTooOnPostgres() throws Exception {
    expiredProofsAreDeletedToo(postgres());
  }

  private void expiredProofsAreDeletedToo(DataSource pool) throws Exception {
    DpopReplayCache cache =
        JdbcDpopReplayCache.builder(pool).cleanupInterval(Duration.ofSeconds(10)).build();
    for (int i = 0; i < 10; i++) {
      cache.firstUse("jkt", "jti-" + i, t0, t0.plusSeconds(1));
    }
    cache.firstUse("jkt", "jti-late", t0.plusSeconds(11), t0.plusSeconds(60));
    assertThat(count(pool, "SELECT COUNT(*) FROM mydatakit_provider_proof")).isEqualTo(1);
  }

  @Test
  void storesDigestsNotIdentifiers() throws Exception {
    JdbcGrantUseLedger.create(pool)
        .claim("grant-plain", INCOME, "key-plain", t0, t0.plusSeconds(60));
    JdbcDpopReplayCache.create(pool).firstUse("jkt-plain", "jti-plain", t0, t0.plusSeconds(60));
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT use_key || ' ' || idempotency_key FROM mydatakit_provider_use"
                    + " UNION ALL SELECT jkt || ' ' || jti FROM mydatakit_provider_proof")) {
      while (rs.next()) {
        assertThat(rs.getString(1)).doesNotContain("plain").matches("[A-Za-z0-9_-]{43} \\S{43}");
      }
    }
  }

  @Test
  void settingsOutOfRangeAreRejectedAtBuild() {
    assertThatThrownBy(
            () -> JdbcGrantUseLedger.builder(pool).queryTimeout(Duration.ofMillis(10)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("query timeout");
    assertThatThrownBy(
            () -> JdbcGrantUseLedger.builder(pool).cleanupInterval(Duration.ZERO).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cleanup interval");
    assertThatThrownBy(() -> JdbcDpopReplayCache.builder(pool).capacityPerKey(0).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("capacity per key");
  }

  private static int count(DataSource dataSource, String sql) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
