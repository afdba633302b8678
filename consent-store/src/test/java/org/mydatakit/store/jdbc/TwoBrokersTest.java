package org.mydatakit.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mydatakit.store.tck.StoreFixtures.NHIS;
import static org.mydatakit.store.tck.StoreFixtures.citizen;

import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.mydatakit.audit.AuditChain;
import org.mydatakit.audit.AuditEntry;
import org.mydatakit.audit.AuditEventType;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.broker.ConsentRequest;
import org.mydatakit.broker.ConsentStoreException;
import org.mydatakit.broker.FetchLimitException;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.ConsentStateException;
import org.mydatakit.consent.ConsentStatus;
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
 * Two broker instances, each with its own connection pool, on one PostgreSQL database behave as
 * one: the races of the contract suite, run across the two.
 */
@EnabledIfEnvironmentVariable(
    named = TestDatabases.PG_ENV,
    matches = ".*\\S.*",
    disabledReason = TestDatabases.PG_SKIPPED)
class TwoBrokersTest {
  private static final SigningKeySet KEYS = SigningKeySet.generate(SigningAlgorithm.ES256);
  private static final String JKT = DpopKey.generate().thumbprint();

  private String schema;
  private HikariDataSource poolA;
  private HikariDataSource poolB;
  private JdbcConsentStore storeA;
  private ConsentBroker a;
  private ConsentBroker b;
  private final ExecutorService threads = Executors.newFixedThreadPool(8);

  @BeforeEach
  void twoBrokers() throws Exception {
    TestDatabases.postgresUrl(); // skipped, with a message, without PostgreSQL
    schema = TestDatabases.newSchema();
    poolA = TestDatabases.pool(schema, 6);
    poolB = TestDatabases.pool(schema, 6);
    storeA = JdbcConsentStore.builder(poolA).build();
    storeA.migrate();
    JdbcConsentStore storeB = JdbcConsentStore.builder(poolB).build();
    storeB.migrate(); // the second node's migrate is a no-op
    a = broker(storeA);
    b = broker(storeB);
  }

  @AfterEach
  void close() throws Exception {
    threads.shutdownNow();
    threads.awaitTermination(10, TimeUnit.SECONDS);
    if (poolA != null) {
      poolA.close();
      poolB.close();
      TestDatabases.dropSchema(schema);
    }
  }

  private static ConsentBroker broker(JdbcConsentStore store) {
    return ConsentBroker.builder()
        .store(store)
        .signingKeys(KEYS)
        .issuer("https://broker.example")
        .pairwiseSubjects(StoreFixtures.SUBJECTS)
        .statusListUri(URI.create("https://broker.example/status/1"))
        .build();
  }

  private static ConsentRequest request(Delivery delivery) {
    Instant now = Instant.now();
    return ConsentRequest.builder()
        .consumer(StoreFixtures.KB_BANK)
        .item(DataItem.of(NHIS, StoreFixtures.QUALIFICATION))
        .purpose(new Purpose("loan-screening", "대출 심사", LegalBasis.PIPA_35_2))
        .delivery(delivery)
        .validity(now.minusSeconds(60), now.plus(Duration.ofDays(30)))
        .retention(Period.ofYears(1))
        .build();
  }

  private Consent active(ConsentBroker via, int citizen, Delivery delivery) {
    Consent requested = via.request(request(delivery), citizen(citizen), "req-" + citizen);
    return via.approve(requested.id(), citizen(citizen), StoreFixtures.evidence(Instant.now()));
  }

  @Test
  void revokeOnOneNodeWinsOverAGrantOnTheOther() throws Exception {
    for (int round = 0; round < 500; round++) {
      Consent active =
          active(
              round % 2 == 0 ? a : b,
              round,
              Delivery.periodic(Schedule.every(1, Schedule.Unit.DAYS), 100));
      CountDownLatch start = new CountDownLatch(1);
      Future<Grant> issue =
          threads.submit(
              () -> {
                start.await();
                try {
                  return b.issueGrant(active.id(), NHIS, JKT);
                } catch (ConsentStateException refused) {
                  return null;
                }
              });
      Future<Consent> revoke =
          threads.submit(
              () -> {
                start.await();
                return a.revoke(active.id(), RevokedBy.CITIZEN, "race");
              });
      start.countDown();
      Grant grant = issue.get();
      assertThat(revoke.get().status()).isEqualTo(ConsentStatus.REVOKED);
      long grantSeq = -1;
      long revokeSeq = -1;
      for (AuditEntry e : storeA.audit(0, Integer.MAX_VALUE)) {
        if (e.event().consentId().equals(active.id())) {
          if (e.event().type() == AuditEventType.GRANT_ISSUED) {
            grantSeq = e.sequence();
          } else if (e.event().type() == AuditEventType.REVOKED) {
            revokeSeq = e.sequence();
          }
        }
      }
      if (grant == null) {
        assertThat(grantSeq).isEqualTo(-1);
      } else {
        assertThat(grantSeq).isPositive().isLessThan(revokeSeq);
      }
    }
    assertThat(AuditChain.verify(storeA.audit(0, Integer.MAX_VALUE)).intact()).isTrue();
  }

  @Test
  void bothNodesTogetherGetExactlyTheBudget() throws Exception {
    int budget = 23;
    Consent active =
        active(a, 1, Delivery.periodic(Schedule.every(1, Schedule.Unit.MONTHS), budget));
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> results = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      ConsentBroker via = t % 2 == 0 ? a : b;
      results.add(
          threads.submit(
              () -> {
                start.await();
                int issued = 0;
                for (int i = 0; i < 25; i++) {
                  try {
                    via.issueGrant(active.id(), NHIS, JKT);
                    issued++;
                  } catch (FetchLimitException exhausted) {
                    // expected once the budget is gone
                  }
                }
                return issued;
              }));
    }
    start.countDown();
    int total = 0;
    for (Future<Integer> r : results) {
      total += r.get();
    }
    assertThat(total).isEqualTo(budget);
    assertThat(storeA.grants(active.id())).hasSize(budget);
  }

  @Test
  void retriesThroughBothNodesMakeOneConsent() throws Exception {
    ConsentRequest request = request(Delivery.oneTime());
    CountDownLatch start = new CountDownLatch(1);
    List<Future<ConsentId>> results = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      ConsentBroker via = t % 2 == 0 ? a : b;
      results.add(
          threads.submit(
              () -> {
                start.await();
                return via.request(request, citizen(7), "order-7").id();
              }));
    }
    start.countDown();
    Set<ConsentId> ids = new HashSet<>();
    for (Future<ConsentId> r : results) {
      ids.add(r.get());
    }
    assertThat(ids).hasSize(1);
    assertThat(storeA.findByConsumer(StoreFixtures.KB_BANK)).hasSize(1);
  }

  @Test
  void appendsFromBothNodesFormOneChain() throws Exception {
    List<Consent> consents = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      consents.add(active(a, i, Delivery.periodic(Schedule.every(1, Schedule.Unit.DAYS), 1000)));
    }
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> results = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Consent c = consents.get(t);
      ConsentBroker via = t % 2 == 0 ? a : b;
      results.add(
          threads.submit(
              () -> {
                start.await();
                for (int i = 0; i < 50; i++) {
                  via.issueGrant(c.id(), NHIS, JKT);
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> r : results) {
      r.get();
    }
    List<AuditEntry> log = storeA.audit(0, Integer.MAX_VALUE);
    assertThat(log).hasSize(8 + 200);
    assertThat(AuditChain.verify(log).intact()).isTrue();
  }

  /**
   * Each node remembers the head it last wrote and appends against it in one statement; when the
   * other node has moved the head in between, that statement writes nothing and the node appends
   * under the head's lock instead. Alternating nodes, every append after the first is such a miss.
   */
  @Test
  void alternatingNodesLinkToEachOthersEntries() {
    Consent c = active(a, 90, Delivery.periodic(Schedule.every(1, Schedule.Unit.DAYS), 1000));
    for (int i = 0; i < 20; i++) {
      (i % 2 == 0 ? a : b).issueGrant(c.id(), NHIS, JKT);
    }
    (c.id().hashCode() % 2 == 0 ? b : a).pause(c.id());
    a.resume(c.id());
    List<AuditEntry> log = storeA.audit(0, Integer.MAX_VALUE);
    assertThat(log).hasSize(2 + 20 + 2);
    assertThat(AuditChain.verify(log).intact()).isTrue();
    assertThat(log).extracting(AuditEntry::sequence).doesNotHaveDuplicates();
  }

  /** A node that has read a consent (and keeps it parsed) sees the other node's change at once. */
  @Test
  void aConsentChangedOnTheOtherNodeIsReadAsChanged() {
    Consent c = active(a, 91, Delivery.periodic(Schedule.every(1, Schedule.Unit.DAYS), 1000));
    a.issueGrant(c.id(), NHIS, JKT);
    assertThat(a.find(c.id())).get().extracting(Consent::status).isEqualTo(ConsentStatus.ACTIVE);
    b.pause(c.id());
    assertThat(a.find(c.id())).get().extracting(Consent::status).isEqualTo(ConsentStatus.PAUSED);
    assertThatThrownBy(() -> a.issueGrant(c.id(), NHIS, JKT))
        .isInstanceOf(ConsentStateException.class);
  }

  /**
   * A grant whose audit entry cannot be written is not recorded either: one statement, one fate.
   */
  @Test
  void aGrantWithoutItsAuditEntryIsNotRecorded() throws Exception {
    Consent c = active(a, 92, Delivery.periodic(Schedule.every(1, Schedule.Unit.DAYS), 1000));
    try (var conn = poolA.getConnection();
        var s = conn.createStatement()) {
      s.executeUpdate("DELETE FROM mydatakit_audit_head");
    }
    assertThatThrownBy(() -> a.issueGrant(c.id(), NHIS, JKT))
        .isInstanceOf(ConsentStoreException.class)
        .hasMessageContaining("record grant");
    assertThat(storeA.grants(c.id())).isEmpty();
  }
}
