package org.mydatakit.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.broker.ConsentRequest;
import org.mydatakit.broker.ConsentStoreException;
import org.mydatakit.broker.FetchOutcome;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.LegalBasis;
import org.mydatakit.consent.Purpose;
import org.mydatakit.consent.RevokedBy;
import org.mydatakit.consent.Schedule;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.grant.Grant;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.store.tck.StoreFixtures;

/**
 * Each broker operation is one store transaction, counted through a wrapping data source; and an
 * operation whose connection is cut before any one of its statements leaves nothing behind and
 * succeeds when tried again. On H2 and, when {@code MYDATA_TEST_PG_URL} is set, PostgreSQL.
 */
class OperationTransactionsTest {
  private static final SigningKeySet KEYS = SigningKeySet.generate(SigningAlgorithm.ES256);
  private static final String JKT = DpopKey.generate().thumbprint();
  private static final Instant T0 = StoreFixtures.T0;

  /** What the tests share; each database supplies a fresh data source. */
  abstract static class Operations {
    CountingDataSource counting;
    JdbcConsentStore store;
    ConsentBroker broker;
    private int citizens;

    abstract DataSource dataSource() throws Exception;

    abstract Dialect dialect();

    void dispose() throws Exception {}

    @BeforeEach
    void setUp() throws Exception {
      counting = new CountingDataSource(dataSource());
      store = JdbcConsentStore.builder(counting).dialect(dialect()).build();
      store.migrate();
      broker =
          ConsentBroker.builder()
              .store(store)
              .signingKeys(KEYS)
              .issuer("https://broker.example")
              .pairwiseSubjects(StoreFixtures.SUBJECTS)
              .statusListUri(URI.create("https://broker.example/status/1"))
              .approvalWindow(Duration.ofHours(1))
              .clock(Clock.fixed(T0, ZoneOffset.UTC))
              .checkpointEvery(0)
              .build();
    }

    @AfterEach
    void tearDown() throws Exception {
      dispose();
    }

    /** The count of one operation: transactions, and statements within them. */
    record Count(int transactions, int statements, int rollbacks) {}

    /** Each operation, with the state it needs made first (not counted). */
    private Map<String, Function<Void, Runnable>> operations() {
      Map<String, Function<Void, Runnable>> ops = new LinkedHashMap<>();
      ops.put("request", v -> () -> request(++citizens, "request"));
      ops.put(
          "approve",
          v -> {
            int n = ++citizens;
            Consent c = request(n, "approve");
            return () -> approve(c, n);
          });
      ops.put(
          "reject",
          v -> {
            Consent c = request(++citizens, "reject");
            return () -> broker.reject(c.id(), "not now");
          });
      ops.put(
          "pause",
          v -> {
            Consent c = active(++citizens);
            return () -> broker.pause(c.id());
          });
      ops.put(
          "resume",
          v -> {
            Consent c = broker.pause(active(++citizens).id());
            return () -> broker.resume(c.id());
          });
      ops.put(
          "revoke",
          v -> {
            Consent c = active(++citizens);
            return () -> broker.revoke(c.id(), RevokedBy.CITIZEN, "no longer needed");
          });
      ops.put(
          "amend",
          v -> {
            int n = ++citizens;
            Consent c = active(n);
            return () ->
                broker.amend(c.id(), request().build(), StoreFixtures.citizen(n), "amend-" + n);
          });
      ops.put(
          "approve an amendment (supersedes in the same transaction)",
          v -> {
            int n = ++citizens;
            Consent c = active(n);
            Consent amendment =
                broker.amend(c.id(), request().build(), StoreFixtures.citizen(n), "amend-" + n);
            return () -> approve(amendment, n);
          });
      ops.put(
          "issueGrant",
          v -> {
            Consent c = active(++citizens);
            return () -> broker.issueGrant(c.id(), StoreFixtures.NHIS, JKT);
          });
      ops.put(
          "recordFetch",
          v -> {
            Consent c = active(++citizens);
            Grant g = broker.issueGrant(c.id(), StoreFixtures.NHIS, JKT);
            return () ->
                broker.recordFetch(
                    g.grantId(),
                    StoreFixtures.NHIS,
                    Set.of(StoreFixtures.QUALIFICATION),
                    "KBBANK20260302000" + citizens,
                    FetchOutcome.DELIVERED);
          });
      ops.put(
          "expireDue (one consent due: the due list, then one transaction per consent)",
          v -> {
            Instant later = T0.plus(Duration.ofHours(2));
            broker.expireDue(later); // what earlier operations left waiting
            request(++citizens, "expire");
            return () -> assertThat(broker.expireDue(later)).isEqualTo(1);
          });
      return ops;
    }

    @Test
    void everyOperationIsOneTransaction() {
      Map<String, Count> counts = new LinkedHashMap<>();
      for (Map.Entry<String, Function<Void, Runnable>> op : operations().entrySet()) {
        Runnable run = op.getValue().apply(null);
        counting.reset();
        run.run();
        counts.put(
            op.getKey(),
            new Count(
                counting.commits.get() + counting.rollbacks.get(),
                counting.statements.get(),
                counting.rollbacks.get()));
      }
      StringBuilder table = new StringBuilder(getClass().getSimpleName() + ":\n");
      counts.forEach(
          (name, c) ->
              table.append(
                  String.format(
                      "  %-80s %d transaction(s), %d statements%n",
                      name, c.transactions(), c.statements())));
      System.out.print(table);
      counts.forEach(
          (name, c) -> {
            int expected = name.startsWith("expireDue") ? 2 : 1;
            assertThat(c.transactions()).as("%s%n%s", name, table).isEqualTo(expected);
            assertThat(c.rollbacks()).as("%s: rollbacks", name).isZero();
          });
      // The statements too, so that an extra round trip is a visible, deliberate change. On H2 an
      // audit append is 3 (lock the head, insert, move the head) and a first grant of a period
      // creates its budget row (a failed conditional update, a read, an insert). On PostgreSQL each
      // audit entry is one statement (the database moves the head and computes the hash), and a
      // grant's budget unit, record and audit entry are one statement after the consent's lock.
      // The log's Merkle tree adds one statement per append on both: the new leaves and the
      // subtrees they complete are inserted (the tree's edge travels with the head row, so no
      // read);
      // on PostgreSQL the same statement moves the edge. A change the agencies are told of adds
      // one batch: its outbox events (for the consumer and each provider).
      assertThat(counts)
          .as("statements per operation%n%s", table)
          .extractingFromEntries(e -> e.getKey() + "=" + e.getValue().statements())
          .containsExactly(
              dialect() == Dialect.H2
                  ? new String[] {
                    "request=6",
                    "approve=9",
                    "reject=7",
                    "pause=9",
                    "resume=9",
                    "revoke=9",
                    "amend=7",
                    "approve an amendment (supersedes in the same transaction)=14",
                    "issueGrant=9",
                    "recordFetch=7",
                    "expireDue (one consent due: the due list, then one transaction per consent)=8"
                  }
                  : new String[] {
                    "request=3",
                    "approve=6",
                    "reject=4",
                    "pause=6",
                    "resume=6",
                    "revoke=6",
                    "amend=4",
                    "approve an amendment (supersedes in the same transaction)=11",
                    "issueGrant=2",
                    "recordFetch=4",
                    "expireDue (one consent due: the due list, then one transaction per consent)=5"
                  });
    }

    @Test
    void anOperationCutBeforeAnyOfItsStatementsLeavesNothingAndSucceedsLater() {
      for (Map.Entry<String, Function<Void, Runnable>> op : operations().entrySet()) {
        Runnable run = op.getValue().apply(null);
        counting.reset();
        Snapshot before = snapshot();
        counting.reset();
        run.run();
        int statements = counting.statements.get();
        // undo is impossible, so measure on a twin: set the state up again for each cut
        for (int k = 1; k <= statements; k++) {
          Runnable again = op.getValue().apply(null);
          counting.reset();
          Snapshot ready = snapshot();
          counting.failStatement(k);
          assertThatThrownBy(again::run)
              .as("%s, cut at statement %d of %d", op.getKey(), k, statements)
              .isInstanceOf(ConsentStoreException.class);
          counting.reset();
          assertThat(snapshot())
              .as("%s, cut at statement %d: nothing half-written", op.getKey(), k)
              .isEqualTo(ready);
          again.run(); // the same call succeeds once the database answers again
        }
        assertThat(before).isNotNull();
      }
    }

    /** Everything the store holds, read without the counting wrapper's faults. */
    record Snapshot(
        List<Consent> consents, List<Object> records, List<org.mydatakit.audit.AuditEntry> audit) {}

    private Snapshot snapshot() {
      List<Consent> consents = new ArrayList<>();
      List<Object> records = new ArrayList<>();
      ConsentId after = null;
      for (List<Consent> page = store.list(null, 1000);
          !page.isEmpty();
          page = store.list(after, 1000)) {
        for (Consent c : page) {
          consents.add(c);
          records.addAll(store.grants(c.id()));
          records.addAll(store.fetches(c.id()));
          records.addAll(store.receipts(c.id()));
          for (String period : List.of("once", "p0")) {
            records.add(
                c.id()
                    + "/"
                    + period
                    + "="
                    + store.grantsRecorded(c.id(), StoreFixtures.NHIS, period));
          }
          after = c.id();
        }
      }
      return new Snapshot(consents, records, store.audit(0, Integer.MAX_VALUE));
    }

    private ConsentRequest.Builder request() {
      return ConsentRequest.builder()
          .consumer(StoreFixtures.KB_BANK)
          .item(DataItem.of(StoreFixtures.NHIS, StoreFixtures.QUALIFICATION))
          .item(DataItem.of(StoreFixtures.NTS, StoreFixtures.INCOME))
          .purpose(new Purpose("loan-screening", "대출 심사", LegalBasis.PIPA_35_2))
          .delivery(Delivery.periodic(Schedule.every(1, Schedule.Unit.MONTHS), 4))
          .validity(T0, T0.plus(Duration.ofDays(90)))
          .retention(Period.ofYears(1));
    }

    private Consent request(int citizen, String key) {
      return broker.request(request().build(), StoreFixtures.citizen(citizen), key + "-" + citizen);
    }

    private Consent approve(Consent c, int citizen) {
      return broker.approve(c.id(), StoreFixtures.citizen(citizen), StoreFixtures.evidence(T0));
    }

    private Consent active(int citizen) {
      return approve(request(citizen, "active"), citizen);
    }
  }

  @Nested
  class OnH2 extends Operations {
    @Override
    DataSource dataSource() throws Exception {
      Path file = TestDatabases.h2File();
      return Databases.h2File(file);
    }

    @Override
    Dialect dialect() {
      return Dialect.H2;
    }
  }

  @Nested
  class OnPostgres extends Operations {
    private String schema;
    private HikariDataSource pool;

    @Override
    DataSource dataSource() throws Exception {
      schema = TestDatabases.newSchema();
      pool = TestDatabases.pool(schema, 2);
      return pool;
    }

    @Override
    Dialect dialect() {
      return Dialect.POSTGRESQL;
    }

    @Override
    void dispose() throws Exception {
      if (pool != null) {
        pool.close();
      }
      if (schema != null) {
        TestDatabases.dropSchema(schema);
      }
    }
  }
}
