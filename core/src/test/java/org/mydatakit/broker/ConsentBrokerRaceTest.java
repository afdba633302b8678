package org.mydatakit.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mydatakit.store.tck.StoreFixtures.NHIS;
import static org.mydatakit.store.tck.StoreFixtures.citizen;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mydatakit.audit.AuditEntry;
import org.mydatakit.audit.AuditEventType;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.ConsentStateException;
import org.mydatakit.consent.ConsentStatus;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.RevokedBy;
import org.mydatakit.consent.Schedule;
import org.mydatakit.grant.Grant;
import org.mydatakit.store.tck.ConsentStoreContract;

/** The broker's guarantees under concurrency, on real threads. */
class ConsentBrokerRaceTest {
  private final BrokerFixture f = new BrokerFixture();
  private final ExecutorService pool = Executors.newFixedThreadPool(8);

  @AfterEach
  void stop() throws Exception {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void revokeWinsOverAConcurrentGrantIssue() throws Exception {
    int issuedBeforeRevoke = 0;
    for (int round = 0; round < 500; round++) {
      Consent active =
          f.active(round, Delivery.periodic(Schedule.every(1, Schedule.Unit.DAYS), 100));
      CountDownLatch start = new CountDownLatch(1);
      Future<Grant> issue =
          pool.submit(
              () -> {
                start.await();
                try {
                  return f.broker.issueGrant(active.id(), NHIS, BrokerFixture.JKT);
                } catch (ConsentStateException refused) {
                  return null;
                }
              });
      Future<Consent> revoke =
          pool.submit(
              () -> {
                start.await();
                return f.broker.revoke(active.id(), RevokedBy.CITIZEN, "race");
              });
      start.countDown();
      Grant grant = issue.get();
      assertThat(revoke.get().status()).isEqualTo(ConsentStatus.REVOKED);
      long grantSeq = -1;
      long revokeSeq = -1;
      for (AuditEntry e : f.store.audit(0, Integer.MAX_VALUE)) {
        if (e.event().consentId().equals(active.id())) {
          if (e.event().type() == AuditEventType.GRANT_ISSUED) {
            grantSeq = e.sequence();
          }
          if (e.event().type() == AuditEventType.REVOKED) {
            revokeSeq = e.sequence();
          }
        }
      }
      if (grant == null) {
        assertThat(grantSeq).as("a refused grant leaves no record").isEqualTo(-1);
      } else {
        issuedBeforeRevoke++;
        assertThat(grantSeq)
            .as("an issued grant was recorded before the revoke")
            .isPositive()
            .isLessThan(revokeSeq);
        assertThat(f.store.findGrant(grant.grantId())).isPresent();
      }
      assertThat(f.broker.find(active.id()).orElseThrow().status())
          .isEqualTo(ConsentStatus.REVOKED);
    }
    // Both orders happen on real threads; the assertion above holds for each.
    assertThat(issuedBeforeRevoke).isBetween(0, 500);
    ConsentStoreContract.assertUnbroken(f.store.audit(0, Integer.MAX_VALUE));
  }

  @Test
  void concurrentIssuesGetExactlyTheBudget() throws Exception {
    int budget = 13;
    Consent active =
        f.active(1, Delivery.periodic(Schedule.every(1, Schedule.Unit.MONTHS), budget));
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> results = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      results.add(
          pool.submit(
              () -> {
                start.await();
                int issued = 0;
                for (int i = 0; i < 10; i++) {
                  try {
                    f.broker.issueGrant(active.id(), NHIS, BrokerFixture.JKT);
                    issued++;
                  } catch (FetchLimitException exhausted) {
                    assertThat(exhausted.limit())
                        .isEqualTo(FetchLimitException.Limit.BUDGET_EXHAUSTED);
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
    assertThat(f.store.grants(active.id())).hasSize(budget);
  }

  @Test
  void concurrentRetriesOfARequestMakeOneConsent() throws Exception {
    ConsentRequest request = f.request(Delivery.oneTime()).build();
    CountDownLatch start = new CountDownLatch(1);
    List<Future<ConsentId>> results = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      results.add(
          pool.submit(
              () -> {
                start.await();
                return f.broker.request(request, citizen(1), "order-77").id();
              }));
    }
    start.countDown();
    Set<ConsentId> ids = new HashSet<>();
    for (Future<ConsentId> r : results) {
      ids.add(r.get());
    }
    assertThat(ids).hasSize(1);
    assertThat(f.broker.consentsOf(citizen(1))).hasSize(1);
  }

  @Test
  void expiryBoundaryHoldsUnderANonUtcDefaultTimeZone() {
    TimeZone previous = TimeZone.getDefault();
    try {
      for (String zone : List.of("Asia/Seoul", "America/Los_Angeles", "Pacific/Chatham")) {
        TimeZone.setDefault(TimeZone.getTimeZone(zone));
        BrokerFixture g = new BrokerFixture();
        Consent active = g.active(1, Delivery.oneTime());
        Instant until = active.validUntil();
        assertThat(g.broker.expireDue(until.minusNanos(1))).isZero();
        assertThat(g.broker.expireDue(until)).isEqualTo(1);
        assertThat(g.broker.find(active.id()).orElseThrow().status())
            .isEqualTo(ConsentStatus.EXPIRED);
      }
    } finally {
      TimeZone.setDefault(previous);
    }
  }
}
