package org.mydatakit.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mydatakit.audit.AuditChain;
import org.mydatakit.audit.AuditEntry;
import org.mydatakit.audit.AuditEventType;
import org.mydatakit.broker.ConsentChange;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.internal.ConsentLifecycle;
import org.mydatakit.store.tck.StoreFixtures;

/**
 * Instants keep their precision through the store whatever the JVM's default time zone: consents
 * come back equal to the nanosecond, audit times to the millisecond (their design), and {@code
 * findDue} exact at every precision: due at the boundary, never a nanosecond early.
 */
class TimePrecisionTest {
  private static final List<String> ZONES =
      List.of("Asia/Seoul", "America/Los_Angeles", "Pacific/Chatham");

  /** Moments near offset changes in the zones above, and an ordinary one. */
  private static final List<Instant> MOMENTS =
      List.of(
          StoreFixtures.T0,
          Instant.parse("2026-03-08T10:00:00Z"), // Los Angeles springs forward
          Instant.parse("2026-04-04T14:00:00Z")); // Chatham falls back (13:45 -> 12:45)

  enum Database {
    H2,
    POSTGRESQL
  }

  enum Precision {
    NANOS(123_456_789),
    MICROS(123_456_000),
    MILLIS(123_000_000);

    final long nanos;

    Precision(long nanos) {
      this.nanos = nanos;
    }
  }

  private static Path h2;
  private static String schema;
  private static int citizen;

  @BeforeAll
  static void h2Database() throws Exception {
    h2 = TestDatabases.h2File();
    DataSource dataSource = Databases.h2File(h2);
    try {
      JdbcConsentStore.builder(dataSource).build().migrate();
    } finally {
      ((JdbcConnectionPool) dataSource).dispose();
    }
  }

  @AfterAll
  static void dropSchema() throws Exception {
    if (schema != null) {
      TestDatabases.dropSchema(schema);
    }
  }

  static List<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (Database db : Database.values()) {
      for (String zone : ZONES) {
        for (Precision p : Precision.values()) {
          cases.add(Arguments.of(db, zone, p));
        }
      }
    }
    return cases;
  }

  @ParameterizedTest(name = "{0} in {1}, {2}")
  @MethodSource("cases")
  void instantsSurviveTheStore(Database db, String zone, Precision precision) throws Exception {
    TimeZone saved = TimeZone.getDefault();
    TimeZone.setDefault(TimeZone.getTimeZone(zone));
    assertThat(TimeZone.getDefault().getID()).isEqualTo(zone);
    DataSource dataSource = null;
    try {
      dataSource = open(db); // connections made under the zone
      JdbcConsentStore store = JdbcConsentStore.builder(dataSource).build();
      for (Instant moment : MOMENTS) {
        roundTrip(store, moment.plusNanos(precision.nanos), precision);
      }
      assertThat(AuditChain.verify(store.audit(0, Integer.MAX_VALUE)).intact()).isTrue();
    } finally {
      close(dataSource);
      TimeZone.setDefault(saved);
    }
  }

  private static void roundTrip(JdbcConsentStore store, Instant at, Precision precision) {
    Consent requested = StoreFixtures.requested(++citizen, StoreFixtures.KB_BANK, at);
    assertThat(requested.createdAt()).isEqualTo(at);
    store.insert(
        requested,
        "key-" + UUID.randomUUID(),
        StoreFixtures.event(requested, AuditEventType.REQUESTED, at));
    assertThat(store.find(requested.id())).as("REQUESTED, exactly").contains(requested);

    Instant approvedAt = at.plus(Duration.ofHours(1));
    Consent active =
        ConsentLifecycle.approve(
            requested,
            approvedAt,
            StoreFixtures.evidence(approvedAt),
            StoreFixtures.nextStatusIndex(store, requested.id()));
    assertThat(
            StoreFixtures.update(
                store,
                List.of(
                    ConsentChange.of(
                        requested,
                        active,
                        StoreFixtures.event(requested, AuditEventType.APPROVED, approvedAt)))))
        .isTrue();
    Consent stored = store.find(active.id()).orElseThrow();
    assertThat(stored).as("ACTIVE, exactly").isEqualTo(active);
    assertThat(stored.validUntil()).isEqualTo(at.plus(Duration.ofDays(30)));
    assertThat(stored.statusChangedAt()).isEqualTo(approvedAt);

    List<Instant> auditTimes =
        store.audit(0, Integer.MAX_VALUE).stream()
            .map(AuditEntry::event)
            .filter(e -> e.consentId().equals(requested.id()))
            .map(e -> e.at())
            .toList();
    assertThat(auditTimes)
        .as("audit times, to the millisecond")
        .containsExactly(
            at.truncatedTo(ChronoUnit.MILLIS), approvedAt.truncatedTo(ChronoUnit.MILLIS));

    // ACTIVE and due at validUntil (exclusive end of validity).
    Instant validUntil = active.validUntil();
    assertThat(dueActive(store, validUntil.minusNanos(1), active.id()))
        .as("not due a nanosecond early")
        .isFalse();
    assertThat(dueActive(store, validUntil, active.id())).as("due exactly at validUntil").isTrue();

    // REQUESTED and stale once created at or before requestedBefore.
    Consent waiting = StoreFixtures.requested(++citizen, StoreFixtures.KB_BANK, at);
    store.insert(
        waiting,
        "key-" + UUID.randomUUID(),
        StoreFixtures.event(waiting, AuditEventType.REQUESTED, at));
    assertThat(dueRequested(store, at.minusNanos(1), waiting.id()))
        .as("not stale a nanosecond early")
        .isFalse();
    assertThat(dueRequested(store, at, waiting.id())).as("stale exactly at createdAt").isTrue();
  }

  private static boolean dueActive(JdbcConsentStore store, Instant now, ConsentId id) {
    return store.findDue(now, Instant.EPOCH, 10_000).stream().anyMatch(c -> c.id().equals(id));
  }

  private static boolean dueRequested(
      JdbcConsentStore store, Instant requestedBefore, ConsentId id) {
    return store.findDue(Instant.EPOCH, requestedBefore, 10_000).stream()
        .anyMatch(c -> c.id().equals(id));
  }

  private static DataSource open(Database db) throws Exception {
    if (db == Database.H2) {
      return Databases.h2File(h2);
    }
    TestDatabases.postgresUrl(); // skips without MYDATA_TEST_PG_URL
    if (schema == null) {
      schema = TestDatabases.newSchema();
      try (HikariDataSource pool = TestDatabases.pool(schema, 2)) {
        JdbcConsentStore.builder(pool).build().migrate();
      }
    }
    return TestDatabases.pool(schema, 2);
  }

  private static void close(DataSource dataSource) {
    if (dataSource instanceof JdbcConnectionPool h2Pool) {
      h2Pool.dispose();
    } else if (dataSource instanceof HikariDataSource pool) {
      pool.close();
    }
  }
}
