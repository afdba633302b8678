package org.mydatakit.store.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mydatakit.store.tck.StoreFixtures.KB_BANK;
import static org.mydatakit.store.tck.StoreFixtures.NHIS;
import static org.mydatakit.store.tck.StoreFixtures.NTS;
import static org.mydatakit.store.tck.StoreFixtures.T0;
import static org.mydatakit.store.tck.StoreFixtures.active;
import static org.mydatakit.store.tck.StoreFixtures.event;
import static org.mydatakit.store.tck.StoreFixtures.grant;
import static org.mydatakit.store.tck.StoreFixtures.grantEvent;
import static org.mydatakit.store.tck.StoreFixtures.insert;
import static org.mydatakit.store.tck.StoreFixtures.nextStatusIndex;
import static org.mydatakit.store.tck.StoreFixtures.outboxEvent;
import static org.mydatakit.store.tck.StoreFixtures.recordFetch;
import static org.mydatakit.store.tck.StoreFixtures.recordGrant;
import static org.mydatakit.store.tck.StoreFixtures.requested;
import static org.mydatakit.store.tck.StoreFixtures.update;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mydatakit.audit.AuditEntry;
import org.mydatakit.audit.AuditEventType;
import org.mydatakit.audit.LoggedEntry;
import org.mydatakit.broker.ConsentChange;
import org.mydatakit.broker.ConsentNotFoundException;
import org.mydatakit.broker.ConsentStore;
import org.mydatakit.broker.ErasureRecord;
import org.mydatakit.broker.EventOutbox;
import org.mydatakit.broker.FetchOutcome;
import org.mydatakit.broker.FetchRecord;
import org.mydatakit.broker.GrantOutcome;
import org.mydatakit.broker.GrantRecord;
import org.mydatakit.broker.OutboxEvent;
import org.mydatakit.broker.OverdueErasure;
import org.mydatakit.broker.ReceiptRecord;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.ConsentStateException;
import org.mydatakit.consent.ConsentStatus;
import org.mydatakit.consent.RevokedBy;
import org.mydatakit.consent.internal.ConsentLifecycle;
import org.mydatakit.events.ConsentEventType;
import org.mydatakit.log.MerkleTree;
import org.mydatakit.log.NodeId;
import org.mydatakit.log.StoredTree;

/**
 * The contract every {@link ConsentStore} must keep, as a JUnit 5 test class to extend: idempotent
 * insert, compare-and-set updates, atomic budgets, revoke wins over a concurrent grant, one
 * unbroken audit chain under concurrency, status slots never reused. A store's test is a few lines:
 *
 * <pre>{@code
 * class MyStoreTest extends ConsentStoreContract {
 *   @Override
 *   protected ConsentStore createStore() {
 *     return new MyStore(freshDatabase()); // new and empty for every test
 *   }
 * }
 * }</pre>
 *
 * <p>Each test gets a fresh, empty store from {@link #createStore()}, and {@link
 * #disposeStore(ConsentStore)} after it. A {@code createStore} that throws a JUnit assumption
 * failure (for example when the database it needs is not configured) skips the test cleanly.
 *
 * <p>The suite needs only JUnit Jupiter and AssertJ at test time; it registers no extension,
 * configures no logging and ships no {@code junit-platform.properties}. Some tests run eight
 * threads against the store at once: the store must be thread-safe, as the SPI requires.
 */
public abstract class ConsentStoreContract {
  /** The store under test: a fresh one for each test, set before the test runs. */
  protected ConsentStore store;

  private ExecutorService pool;

  /** For subclasses. */
  protected ConsentStoreContract() {}

  /**
   * A new, empty store for one test.
   *
   * @return the store under test
   */
  protected abstract ConsentStore createStore();

  /**
   * Releases what {@link #createStore()} opened (a pool, a schema); by default nothing.
   *
   * @param store the store {@link #createStore()} returned for the test that just ended
   * @throws Exception anything closing it threw; the test then fails
   */
  protected void disposeStore(ConsentStore store) throws Exception {}

  /**
   * How many rounds the race tests run; durable stores may lower it to fit CI time.
   *
   * @return 500 unless overridden
   */
  protected int raceRounds() {
    return 500;
  }

  /** Creates the store and the threads of the race tests; JUnit calls it before each test. */
  @BeforeEach
  protected final void setUpStore() {
    pool = Executors.newFixedThreadPool(8);
    store = createStore(); // may skip the test (an assumption) or fail: tearDown copes with both
  }

  /**
   * Stops the threads and disposes of the store; JUnit calls it after each test.
   *
   * @throws Exception what {@link #disposeStore(ConsentStore)} threw
   */
  @AfterEach
  protected final void tearDownStore() throws Exception {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    if (store != null) {
      disposeStore(store);
    }
  }

  @Test
  public void insertedConsentIsFoundAsStored() {
    Consent c = requested(1);
    assertThat(insert(store, c, "k1", event(c, AuditEventType.REQUESTED, T0))).isEqualTo(c);
    assertThat(store.find(c.id())).contains(c);
    assertThat(store.find(ConsentId.generate(T0))).isEmpty();
  }

  @Test
  public void insertWithARepeatedKeyReturnsTheFirstConsentAndWritesNothing() {
    Consent first = requested(1);
    Consent retry = requested(1);
    insert(store, first, "k1", event(first, AuditEventType.REQUESTED, T0));
    assertThat(insert(store, retry, "k1", event(retry, AuditEventType.REQUESTED, T0)))
        .isEqualTo(first);
    assertThat(store.find(retry.id())).isEmpty();
    assertThat(store.audit(0, 100)).hasSize(1);
  }

  @Test
  public void idempotencyKeysAreScopedToTheConsumer() {
    Consent bank = requested(1, KB_BANK, T0);
    Consent other = requested(1, AgencyId.of("OTHER-BANK"), T0);
    insert(store, bank, "k1", event(bank, AuditEventType.REQUESTED, T0));
    assertThat(insert(store, other, "k1", event(other, AuditEventType.REQUESTED, T0)))
        .isEqualTo(other);
  }

  @Test
  public void onlyRequestedConsentsCanBeInserted() {
    Consent c = requested(1);
    Consent approved = ConsentLifecycle.approve(c, T0, StoreFixtures.evidence(T0), 1);
    assertThatThrownBy(() -> insert(store, approved, "k", event(c, AuditEventType.APPROVED, T0)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.audit(0, 10)).isEmpty();
  }

  @Test
  public void updateIsCompareAndSetOnTheVersion() {
    Consent active = active(store, 1);
    Consent paused = ConsentLifecycle.pause(active, T0.plusSeconds(1));
    assertThat(
            update(
                store,
                List.of(
                    ConsentChange.of(active, paused, event(active, AuditEventType.PAUSED, T0)))))
        .isTrue();
    int auditSize = store.audit(0, 100).size();
    Consent revokedFromStale =
        ConsentLifecycle.revoke(active, T0.plusSeconds(2), RevokedBy.CITIZEN, "stale");
    assertThat(
            update(
                store,
                List.of(
                    ConsentChange.of(
                        active, revokedFromStale, event(active, AuditEventType.REVOKED, T0)))))
        .isFalse();
    assertThat(store.find(active.id())).contains(paused);
    assertThat(store.audit(0, 100)).hasSize(auditSize);
  }

  @Test
  public void updateOfSeveralConsentsIsAllOrNothing() {
    Consent a = active(store, 1);
    Consent b = active(store, 2);
    Consent bPaused = ConsentLifecycle.pause(b, T0.plusSeconds(1));
    update(store, List.of(ConsentChange.of(b, bPaused, event(b, AuditEventType.PAUSED, T0))));
    int auditSize = store.audit(0, 100).size();
    boolean applied =
        update(
            store,
            List.of(
                ConsentChange.of(
                    a,
                    ConsentLifecycle.pause(a, T0.plusSeconds(2)),
                    event(a, AuditEventType.PAUSED, T0)),
                ConsentChange.of(
                    b,
                    ConsentLifecycle.pause(b, T0.plusSeconds(2)),
                    event(b, AuditEventType.PAUSED, T0))));
    assertThat(applied).isFalse();
    assertThat(store.find(a.id()).orElseThrow().status()).isEqualTo(ConsentStatus.ACTIVE);
    assertThat(store.audit(0, 100)).hasSize(auditSize);
  }

  @Test
  public void receiptsAreKeptWithTheirChange() {
    Consent c = requested(1);
    insert(store, c, "k", event(c, AuditEventType.REQUESTED, T0));
    Consent approved =
        ConsentLifecycle.approve(c, T0, StoreFixtures.evidence(T0), nextStatusIndex(store, c.id()));
    ReceiptRecord receipt = new ReceiptRecord(c.id(), 1, "receipt-1", "a.b.c");
    update(
        store,
        List.of(
            new ConsentChange(
                c, approved, event(c, AuditEventType.APPROVED, T0), Optional.of(receipt))));
    assertThat(store.receipts(c.id())).containsExactly(receipt);
    assertThat(store.receipts(requested(2).id())).isEmpty();
  }

  @Test
  public void grantsAreRecordedOnlyForActiveConsentsWithinBudget() {
    Consent active = active(store, 1);
    assertThat(recordGrant(store, grant(active, NHIS, "g1", "p0"), 2, grantEvent(active, "g1")))
        .isEqualTo(GrantOutcome.RECORDED);
    assertThat(recordGrant(store, grant(active, NHIS, "g2", "p0"), 2, grantEvent(active, "g2")))
        .isEqualTo(GrantOutcome.RECORDED);
    assertThat(recordGrant(store, grant(active, NHIS, "g3", "p0"), 2, grantEvent(active, "g3")))
        .isEqualTo(GrantOutcome.BUDGET_EXHAUSTED);
    assertThat(recordGrant(store, grant(active, NTS, "g4", "p0"), 2, grantEvent(active, "g4")))
        .isEqualTo(GrantOutcome.RECORDED);
    assertThat(recordGrant(store, grant(active, NHIS, "g5", "p1"), 2, grantEvent(active, "g5")))
        .isEqualTo(GrantOutcome.RECORDED);
    assertThat(store.grantsRecorded(active.id(), NHIS, "p0")).isEqualTo(2);
    assertThat(store.grantsRecorded(active.id(), NHIS, "p1")).isEqualTo(1);
    assertThat(store.grants(active.id()))
        .extracting(GrantRecord::grantId)
        .containsExactly("g1", "g2", "g4", "g5");
    assertThat(store.findGrant("g4"))
        .hasValueSatisfying(g -> assertThat(g.provider()).isEqualTo(NTS));
    assertThat(store.findGrant("g3")).isEmpty();

    Consent requested = requested(2);
    insert(store, requested, "k2", event(requested, AuditEventType.REQUESTED, T0));
    assertThat(
            recordGrant(store, grant(requested, NHIS, "g6", "p0"), 2, grantEvent(requested, "g6")))
        .isEqualTo(GrantOutcome.NOT_ACTIVE);
    Consent unknown = requested(3);
    assertThat(recordGrant(store, grant(unknown, NHIS, "g7", "p0"), 2, grantEvent(unknown, "g7")))
        .isEqualTo(GrantOutcome.UNKNOWN_CONSENT);
    assertThat(store.grants(requested.id())).isEmpty();
  }

  @Test
  public void fetchesNeedARecordedGrantForTheSameProvider() {
    Consent active = active(store, 1);
    recordGrant(store, grant(active, NHIS, "g1", "once"), 1, grantEvent(active, "g1"));
    FetchRecord ok =
        new FetchRecord(
            "g1",
            active.id(),
            NHIS,
            Set.of(StoreFixtures.QUALIFICATION),
            "KBBANK20260302000001",
            FetchOutcome.DELIVERED,
            T0);
    FetchRecord wrongProvider =
        new FetchRecord(
            "g1",
            active.id(),
            NTS,
            Set.of(StoreFixtures.INCOME),
            "KBBANK20260302000002",
            FetchOutcome.DELIVERED,
            T0);
    FetchRecord unknownGrant =
        new FetchRecord(
            "nope",
            active.id(),
            NHIS,
            Set.of(StoreFixtures.QUALIFICATION),
            "KBBANK20260302000003",
            FetchOutcome.DELIVERED,
            T0);
    int auditSize = store.audit(0, 100).size();
    assertThat(recordFetch(store, ok, event(active, AuditEventType.DATA_FETCHED, T0))).isTrue();
    assertThat(recordFetch(store, wrongProvider, event(active, AuditEventType.DATA_FETCHED, T0)))
        .isFalse();
    assertThat(recordFetch(store, unknownGrant, event(active, AuditEventType.DATA_FETCHED, T0)))
        .isFalse();
    assertThat(store.fetches(active.id())).containsExactly(ok);
    assertThat(store.audit(0, 100)).hasSize(auditSize + 1);
  }

  @Test
  public void queriesBySubjectAndConsumerReturnOldestFirst() {
    Consent a = requested(1, KB_BANK, T0);
    Consent b = requested(1, AgencyId.of("OTHER-BANK"), T0.plusSeconds(1));
    Consent c = requested(2, KB_BANK, T0.plusSeconds(2));
    for (Consent x : List.of(a, b, c)) {
      insert(store, x, "k-" + x.id(), event(x, AuditEventType.REQUESTED, T0));
    }
    assertThat(store.findBySubject(a.subject().brokerSubject())).containsExactly(a, b);
    assertThat(store.findByConsumer(KB_BANK)).containsExactly(a, c);
  }

  @Test
  public void listPagesThroughEveryConsentInIdOrder() {
    List<Consent> inserted = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Consent c = requested(i, KB_BANK, T0.plusSeconds(i));
      insert(store, c, "k" + i, event(c, AuditEventType.REQUESTED, T0));
      inserted.add(c);
    }
    List<Consent> firstPage = store.list(null, 3);
    assertThat(firstPage).containsExactlyElementsOf(inserted.subList(0, 3));
    assertThat(store.list(firstPage.get(2).id(), 3))
        .containsExactlyElementsOf(inserted.subList(3, 5));
    assertThat(store.list(inserted.get(4).id(), 3)).isEmpty();
  }

  @Test
  public void consentsAreCountedByStatusEveryStatusPresent() {
    Map<ConsentStatus, Long> before = store.countByStatus();
    assertThat(before).containsOnlyKeys(ConsentStatus.values());
    for (int i = 0; i < 3; i++) {
      Consent c = requested(100 + i, KB_BANK, T0.plusSeconds(i));
      insert(store, c, "count" + i, event(c, AuditEventType.REQUESTED, T0));
    }
    active(store, 200);
    Map<ConsentStatus, Long> after = store.countByStatus();
    assertThat(after.get(ConsentStatus.REQUESTED))
        .isEqualTo(before.get(ConsentStatus.REQUESTED) + 3);
    assertThat(after.get(ConsentStatus.ACTIVE)).isEqualTo(before.get(ConsentStatus.ACTIVE) + 1);
    assertThat(after.get(ConsentStatus.REVOKED)).isEqualTo(before.get(ConsentStatus.REVOKED));
  }

  @Test
  public void theAuditLogIsReadInPages() {
    for (int i = 0; i < 1_100; i++) {
      Consent c = requested(i, KB_BANK, T0);
      insert(store, c, "k" + i, event(c, AuditEventType.REQUESTED, T0));
    }
    List<AuditEntry> all = new ArrayList<>();
    store.auditLog().forEach(all::add);
    assertThat(all).hasSize(1_100); // more than one page
    assertUnbroken(all);
  }

  @Test
  public void dueConsentsIncludeTheExactBoundaries() {
    Consent active = active(store, 1);
    Consent requested = requested(2, KB_BANK, T0.plusSeconds(10));
    insert(store, requested, "k2", event(requested, AuditEventType.REQUESTED, T0));
    assertThat(store.findDue(active.validUntil().minusMillis(1), T0.plusSeconds(9), 10)).isEmpty();
    assertThat(store.findDue(active.validUntil(), T0.plusSeconds(9), 10)).containsExactly(active);
    assertThat(store.findDue(T0, T0.plusSeconds(10), 10)).containsExactly(requested);
  }

  @Test
  public void statusIndexesAreNeverHandedOutTwiceEvenConcurrently() throws Exception {
    List<Callable<List<Long>>> tasks = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Consent own = requested(10 + t);
      insert(store, own, "k" + t, event(own, AuditEventType.REQUESTED, T0));
      tasks.add(
          () -> {
            List<Long> got = new ArrayList<>();
            for (int i = 0; i < 250; i++) {
              got.add(nextStatusIndex(store, own.id()));
            }
            return got;
          });
    }
    Set<Long> all = new HashSet<>();
    for (Future<List<Long>> f : pool.invokeAll(tasks)) {
      all.addAll(f.get());
    }
    assertThat(all).hasSize(1000);
  }

  @Test
  public void forEachStatusVisitsEveryApprovedConsent() {
    Consent a = active(store, 1);
    Consent b = active(store, 2);
    Consent bRevoked = ConsentLifecycle.revoke(b, T0.plusSeconds(1), RevokedBy.CITIZEN, "no");
    update(store, List.of(ConsentChange.of(b, bRevoked, event(b, AuditEventType.REVOKED, T0))));
    Consent r = requested(3);
    insert(store, r, "k3", event(r, AuditEventType.REQUESTED, T0));
    Map<Long, ConsentStatus> seen = new HashMap<>();
    store.forEachStatus(seen::put);
    assertThat(seen)
        .containsOnly(
            Map.entry(a.statusIndex().getAsLong(), ConsentStatus.ACTIVE),
            Map.entry(b.statusIndex().getAsLong(), ConsentStatus.REVOKED));
  }

  @Test
  public void aChangeWhoseStepThrowsWritesNothingAndPassesTheErrorOn() {
    Consent c = requested(1);
    insert(store, c, "k", event(c, AuditEventType.REQUESTED, T0));
    List<AuditEntry> before = store.audit(0, 100);
    IllegalStateException refusal = new IllegalStateException("the step refuses");
    assertThatThrownBy(
            () ->
                store.change(
                    "approve",
                    c.id(),
                    locked -> {
                      Consent approved =
                          ConsentLifecycle.approve(
                              locked.consent(),
                              T0,
                              StoreFixtures.evidence(T0),
                              locked.nextStatusIndex());
                      locked.lastReceiptId(c.id());
                      throw refusal;
                    }))
        .isSameAs(refusal);
    assertThat(store.find(c.id())).contains(c);
    assertThat(store.receipts(c.id())).isEmpty();
    assertThat(store.audit(0, 100)).isEqualTo(before);
  }

  @Test
  public void aChangeOfAnUnknownConsentIsNotFound() {
    Consent unknown = requested(1);
    assertThatThrownBy(() -> store.change("pause", unknown.id(), locked -> List.of()))
        .isInstanceOf(ConsentNotFoundException.class);
    assertThat(store.audit(0, 10)).isEmpty();
  }

  @Test
  public void aChangeReturnsTheConsentsAndTheAuditEntriesItWrote() {
    Consent active = active(store, 1);
    Consent paused = ConsentLifecycle.pause(active, T0.plusSeconds(1));
    ConsentStore.Written<List<Consent>> written =
        store.change(
            "pause",
            active.id(),
            locked ->
                List.of(
                    ConsentChange.of(
                        locked.consent(), paused, event(active, AuditEventType.PAUSED, T0))));
    assertThat(written.value()).containsExactly(paused);
    assertThat(written.appended()).hasSize(1);
    assertThat(written.head()).isEqualTo(store.auditHead());
    assertThat(store.change("pause", active.id(), locked -> List.of()).appended()).isEmpty();
  }

  @Test
  public void anAmendmentIsInsertedOnlyOverAnActiveConsentOfTheSameCitizen() {
    Consent active = active(store, 1);
    Consent amendment = amendmentOf(active, 1);
    Consent strangers = amendmentOf(active, 2);
    int auditSize = store.audit(0, 100).size();
    assertThatThrownBy(
            () -> store.insert(strangers, "a2", event(strangers, AuditEventType.REQUESTED, T0)))
        .isInstanceOf(ConsentStateException.class);
    assertThat(store.find(strangers.id())).isEmpty();
    assertThat(
            store.insert(amendment, "a1", event(amendment, AuditEventType.REQUESTED, T0)).value())
        .isEqualTo(amendment);
    Consent revoked = ConsentLifecycle.revoke(active, T0.plusSeconds(1), RevokedBy.CITIZEN, "done");
    update(
        store,
        List.of(ConsentChange.of(active, revoked, event(active, AuditEventType.REVOKED, T0))));
    Consent late = amendmentOf(active, 1);
    assertThatThrownBy(() -> store.insert(late, "a3", event(late, AuditEventType.REQUESTED, T0)))
        .isInstanceOf(ConsentStateException.class);
    assertThat(store.find(late.id())).isEmpty();
    assertThat(store.audit(0, 100)).hasSize(auditSize + 2); // the amendment and the revocation
  }

  @Test
  public void aGrantWhoseSigningFailsGivesItsBudgetUnitBack() {
    Consent active = active(store, 1);
    int auditSize = store.audit(0, 100).size();
    assertThatThrownBy(
            () ->
                store.recordGrant(
                    active.id(),
                    new ConsentStore.GrantStep() {
                      @Override
                      public ConsentStore.Budget budget(Consent consent) {
                        return new ConsentStore.Budget(NHIS, "p0", 1);
                      }

                      @Override
                      public ConsentStore.IssuedGrant issue(
                          Consent consent, ConsentStore.Budget budget) {
                        throw new IllegalStateException("signing failed");
                      }
                    }))
        .hasMessage("signing failed");
    assertThat(store.grantsRecorded(active.id(), NHIS, "p0")).isZero();
    assertThat(store.grants(active.id())).isEmpty();
    assertThat(store.audit(0, 100)).hasSize(auditSize);
    assertThat(recordGrant(store, grant(active, NHIS, "g1", "p0"), 1, grantEvent(active, "g1")))
        .isEqualTo(GrantOutcome.RECORDED);
  }

  private static Consent amendmentOf(Consent old, int citizen) {
    Consent fresh = requested(citizen);
    return Consent.builder()
        .id(ConsentId.generate(T0.plusMillis(citizen)))
        .supersedes(old.id())
        .subject(fresh.subject())
        .consumer(fresh.consumer())
        .items(fresh.items())
        .purpose(fresh.purpose())
        .delivery(fresh.delivery())
        .validFrom(fresh.validFrom())
        .validUntil(fresh.validUntil())
        .retention(fresh.retention())
        .createdAt(T0)
        .build();
  }

  @Test
  public void auditIsOneUnbrokenChainInOrder() {
    active(store, 1);
    active(store, 2);
    List<AuditEntry> log = store.audit(0, 100);
    assertThat(log).hasSize(4);
    assertUnbroken(log);
    assertThat(store.audit(2, 100)).extracting(AuditEntry::sequence).containsExactly(3L, 4L);
    assertThat(store.audit(0, 1)).hasSize(1);
    assertThat(store.auditHead()).contains(log.get(3));
  }

  @Test
  public void checkpointsAreKeptInOrder() {
    active(store, 1);
    store.saveCheckpoint(1, "first.check.point");
    store.saveCheckpoint(2, "second.check.point");
    assertThat(store.checkpoints()).containsExactly("first.check.point", "second.check.point");
    assertThatThrownBy(() -> store.saveCheckpoint(99, "x.y.z"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  public void everyEntryHasASaltedLeafAndTheStoredTreeGivesEveryProof() {
    for (int n = 1; n <= 9; n++) {
      Consent active = active(store, n);
      recordGrant(store, grant(active, NHIS, "t-" + n, "p0"), 5, grantEvent(active, "t-" + n));
    }
    List<LoggedEntry> logged = store.logged(0, 1000);
    assertThat(logged).hasSize(27);
    assertUnbroken(logged.stream().map(LoggedEntry::entry).toList());
    assertThat(logged.stream().map(e -> java.util.HexFormat.of().formatHex(e.salt())).distinct())
        .as("a fresh salt per entry")
        .hasSize(27);
    List<byte[]> leaves = logged.stream().map(LoggedEntry::leafHash).toList();
    for (int size = 1; size <= leaves.size(); size++) {
      List<byte[]> prefix = leaves.subList(0, size);
      StoredTree.Plan root = StoredTree.root(size);
      assertThat(root.proof(store.treeNodes(root.nodes())).get(0))
          .as("root of the first %d entries from stored nodes", size)
          .isEqualTo(MerkleTree.root(prefix));
    }
    for (int m = 0; m < leaves.size(); m++) {
      StoredTree.Plan plan = StoredTree.inclusion(m, leaves.size());
      assertThat(plan.proof(store.treeNodes(plan.nodes())))
          .containsExactlyElementsOf(MerkleTree.inclusionProof(leaves, m));
    }
    StoredTree.Plan consistency = StoredTree.consistency(11, 27);
    assertThat(consistency.proof(store.treeNodes(consistency.nodes())))
        .containsExactlyElementsOf(MerkleTree.consistencyProof(leaves, 11));
    assertThat(store.treeNodes(List.of(NodeId.leaf(27), new NodeId(5, 0))))
        .as("nodes beyond the log are absent")
        .isEmpty();
    Consent first = store.find(logged.get(0).entry().event().consentId()).orElseThrow();
    assertThat(store.loggedAbout(first.id()))
        .extracting(e -> e.entry().sequence())
        .containsExactly(1L, 2L, 3L);
    assertThat(store.loggedAbout(first.id()).get(0)).isEqualTo(logged.get(0));
  }

  @Test
  public void concurrentAppendsKeepTheTreeRight() throws Exception {
    Consent active = active(store, 1);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < 6; t++) {
      int thread = t;
      done.add(
          pool.submit(
              () -> {
                start.await();
                for (int i = 0; i < 20; i++) {
                  String id = "c-" + thread + "-" + i;
                  recordGrant(store, grant(active, NHIS, id, "p0"), 1000, grantEvent(active, id));
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> f : done) {
      f.get();
    }
    List<byte[]> leaves = store.logged(0, 1000).stream().map(LoggedEntry::leafHash).toList();
    assertThat(leaves).hasSize(122);
    StoredTree.Plan root = StoredTree.root(leaves.size());
    assertThat(root.proof(store.treeNodes(root.nodes())).get(0)).isEqualTo(MerkleTree.root(leaves));
  }

  @Test
  public void logCheckpointsAreKeptOnePerSizeSmallestFirst() {
    assertThat(store.latestLogCheckpoint()).isEmpty();
    active(store, 1);
    active(store, 2);
    store.saveLogCheckpoint(3, "log\n3\nroot-three\n\n— sig\n");
    store.saveLogCheckpoint(1, "log\n1\nroot-one\n\n— sig\n");
    store.saveLogCheckpoint(3, "log\n3\nroot-three\n\n— sig\n— cosig\n");
    assertThat(store.logCheckpoints().keySet()).containsExactly(1L, 3L);
    assertThat(store.logCheckpoints().values())
        .containsExactly("log\n1\nroot-one\n\n— sig\n", "log\n3\nroot-three\n\n— sig\n— cosig\n");
    assertThat(store.latestLogCheckpoint()).contains("log\n3\nroot-three\n\n— sig\n— cosig\n");
    assertThat(store.logCheckpoint(1)).contains("log\n1\nroot-one\n\n— sig\n");
    assertThat(store.logCheckpoint(2)).isEmpty();
    assertThat(store.logCheckpoint(0)).isEmpty();
    assertThatThrownBy(() -> store.saveLogCheckpoint(5, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tree size of 1 to 4");
    assertThatThrownBy(() -> store.saveLogCheckpoint(0, "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Asserts sequences 1..n, each previous hash the hash before it, and every hash right.
   *
   * @param log a whole audit log, oldest first
   */
  public static void assertUnbroken(List<AuditEntry> log) {
    String previous = AuditEntry.GENESIS;
    for (int i = 0; i < log.size(); i++) {
      AuditEntry e = log.get(i);
      assertThat(e.sequence()).isEqualTo(i + 1);
      assertThat(e.previousHash()).isEqualTo(previous);
      assertThat(e.hashMatches()).isTrue();
      previous = e.hash();
    }
  }

  @Test
  public void concurrentRetriesOfOneRequestStoreOneConsent() throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Callable<Consent>> tasks = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      tasks.add(
          () -> {
            Consent attempt = requested(1);
            start.await();
            return insert(store, attempt, "same-key", event(attempt, AuditEventType.REQUESTED, T0));
          });
    }
    List<Future<Consent>> results = new ArrayList<>();
    for (Callable<Consent> task : tasks) {
      results.add(pool.submit(task));
    }
    start.countDown();
    Set<ConsentId> ids = new HashSet<>();
    for (Future<Consent> f : results) {
      ids.add(f.get().id());
    }
    assertThat(ids).hasSize(1);
    assertThat(store.findByConsumer(KB_BANK)).hasSize(1);
    assertThat(store.audit(0, 100)).hasSize(1);
  }

  @Test
  public void concurrentGrantsConsumeTheBudgetExactly() throws Exception {
    Consent active = active(store, 1);
    int budget = 37;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> results = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int thread = t;
      results.add(
          pool.submit(
              () -> {
                start.await();
                int recorded = 0;
                for (int i = 0; i < 200; i++) {
                  String id = "g-" + thread + "-" + i;
                  if (recordGrant(
                          store, grant(active, NHIS, id, "p0"), budget, grantEvent(active, id))
                      == GrantOutcome.RECORDED) {
                    recorded++;
                  }
                }
                return recorded;
              }));
    }
    start.countDown();
    int total = 0;
    for (Future<Integer> f : results) {
      total += f.get();
    }
    assertThat(total).isEqualTo(budget);
    assertThat(store.grantsRecorded(active.id(), NHIS, "p0")).isEqualTo(budget);
    assertThat(
            recordGrant(
                store,
                grant(active, NHIS, "next-period", "p1"),
                budget,
                grantEvent(active, "next-period")))
        .isEqualTo(GrantOutcome.RECORDED);
  }

  @Test
  public void revokeWinsOverConcurrentGrantRecording() throws Exception {
    for (int round = 0; round < raceRounds(); round++) {
      Consent active = active(store, round);
      CountDownLatch start = new CountDownLatch(1);
      String grantId = "race-" + round;
      Future<GrantOutcome> grant =
          pool.submit(
              () -> {
                start.await();
                return recordGrant(
                    store, grant(active, NHIS, grantId, "once"), 1, grantEvent(active, grantId));
              });
      Future<Boolean> revoke =
          pool.submit(
              () -> {
                start.await();
                Consent revoked =
                    ConsentLifecycle.revoke(active, T0.plusSeconds(1), RevokedBy.CITIZEN, "race");
                return update(
                    store,
                    List.of(
                        ConsentChange.of(
                            active, revoked, event(active, AuditEventType.REVOKED, T0))));
              });
      start.countDown();
      assertThat(revoke.get()).isTrue();
      GrantOutcome outcome = grant.get();
      assertThat(outcome).isIn(GrantOutcome.RECORDED, GrantOutcome.NOT_ACTIVE);
      // Audit order proves it: a recorded grant comes before the revocation, never after.
      long grantSeq = -1;
      long revokeSeq = -1;
      for (AuditEntry e : store.audit(0, Integer.MAX_VALUE)) {
        if (e.event().consentId().equals(active.id())) {
          if (e.event().type() == AuditEventType.GRANT_ISSUED) {
            grantSeq = e.sequence();
          } else if (e.event().type() == AuditEventType.REVOKED) {
            revokeSeq = e.sequence();
          }
        }
      }
      assertThat(revokeSeq).isPositive();
      if (outcome == GrantOutcome.RECORDED) {
        assertThat(grantSeq).isPositive().isLessThan(revokeSeq);
      } else {
        assertThat(grantSeq).isEqualTo(-1);
      }
      assertThat(store.find(active.id()).orElseThrow().status()).isEqualTo(ConsentStatus.REVOKED);
    }
  }

  @Test
  public void concurrentAppendsFormOneUnbrokenChain() throws Exception {
    List<Consent> consents = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      consents.add(active(store, i));
    }
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> results = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Consent c = consents.get(t);
      results.add(
          pool.submit(
              () -> {
                start.await();
                for (int i = 0; i < 100; i++) {
                  String id = "chain-" + c.id() + "-" + i;
                  recordGrant(store, grant(c, NHIS, id, "p" + i), 1, grantEvent(c, id));
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> f : results) {
      f.get();
    }
    List<AuditEntry> log = store.audit(0, Integer.MAX_VALUE);
    assertThat(log).hasSize(8 + 400);
    assertUnbroken(log);
  }

  // ---- the outbox of consent events, written with the change it reports

  private void pause(Consent active, List<OutboxEvent> events) {
    Consent current = store.find(active.id()).orElseThrow();
    update(
        store,
        List.of(
            new ConsentChange(
                current,
                ConsentLifecycle.pause(current, T0.plusSeconds(1)),
                event(current, AuditEventType.PAUSED, T0),
                Optional.empty(),
                events)));
  }

  @Test
  public void outboxEventsAreWrittenWithTheirChange() {
    Consent a = active(store, 1);
    OutboxEvent toBank = outboxEvent(a, KB_BANK, ConsentEventType.CONSENT_PAUSED);
    OutboxEvent toNhis = outboxEvent(a, NHIS, ConsentEventType.CONSENT_PAUSED);
    pause(a, List.of(toBank, toNhis));
    EventOutbox.Entry kept = store.events().find(toBank.jti()).orElseThrow();
    assertThat(kept.event()).isEqualTo(toBank);
    assertThat(kept.state()).isEqualTo(EventOutbox.State.PENDING);
    assertThat(kept.attempts()).isZero();
    assertThat(store.events().pending(NHIS, T0, 10))
        .extracting(EventOutbox.Entry::event)
        .containsExactly(toNhis);
    assertThat(store.events().countByState())
        .containsEntry(EventOutbox.State.PENDING, 2L)
        .containsEntry(EventOutbox.State.DELIVERED, 0L);
  }

  @Test
  public void aChangeThatCannotWriteItsEventsWritesNothing() {
    Consent a = active(store, 1);
    OutboxEvent once = outboxEvent(a, KB_BANK, ConsentEventType.CONSENT_PAUSED);
    int auditSize = store.audit(0, 100).size();
    assertThatThrownBy(() -> pause(a, List.of(once, once))).isInstanceOf(RuntimeException.class);
    assertThat(store.find(a.id()).orElseThrow().status()).isEqualTo(ConsentStatus.ACTIVE);
    assertThat(store.audit(0, 100)).hasSize(auditSize);
    assertThat(store.events().find(once.jti())).isEmpty();
    assertThatThrownBy(
            () -> {
              store.change(
                  "pause",
                  a.id(),
                  locked ->
                      List.of(
                          new ConsentChange(
                              locked.consent(),
                              ConsentLifecycle.pause(locked.consent(), T0.plusSeconds(1)),
                              event(a, AuditEventType.PAUSED, T0),
                              Optional.empty(),
                              List.of(once))));
              throw new IllegalStateException("after the commit");
            })
        .hasMessage("after the commit");
    assertThat(store.events().find(once.jti())).isPresent();
  }

  @Test
  public void aConfirmedDeliveryWritesItsEventsWithTheFetch() {
    Consent a = active(store, 1);
    recordGrant(store, grant(a, NHIS, "g1", "once"), 1, grantEvent(a, "g1"));
    OutboxEvent confirmed = outboxEvent(a, KB_BANK, ConsentEventType.DELIVERY_CONFIRMED);
    FetchRecord fetch =
        new FetchRecord(
            "g1",
            a.id(),
            NHIS,
            Set.of(StoreFixtures.QUALIFICATION),
            "KBBANK20260302000001",
            FetchOutcome.DELIVERED,
            T0);
    assertThat(
            store.recordFetch(
                "g1",
                NHIS,
                (grant, consent) ->
                    new ConsentStore.RecordedFetch(
                        fetch, event(a, AuditEventType.DATA_FETCHED, T0), List.of(confirmed))))
        .isPresent();
    assertThat(store.events().find(confirmed.jti())).isPresent();
  }

  @Test
  public void claimsHandOutOneEventPerConsentInOrderUnderALease() {
    Consent a = active(store, 1);
    Consent b = active(store, 2);
    OutboxEvent a1 = outboxEvent(a, NHIS, ConsentEventType.CONSENT_PAUSED);
    pause(a, List.of(a1));
    Consent aPaused = store.find(a.id()).orElseThrow();
    OutboxEvent a2 = outboxEvent(a, NHIS, ConsentEventType.CONSENT_REVOKED);
    update(
        store,
        List.of(
            new ConsentChange(
                aPaused,
                ConsentLifecycle.revoke(aPaused, T0.plusSeconds(2), RevokedBy.CITIZEN, "x"),
                event(a, AuditEventType.REVOKED, T0),
                Optional.empty(),
                List.of(a2))));
    OutboxEvent b1 = outboxEvent(b, NHIS, ConsentEventType.CONSENT_PAUSED);
    pause(b, List.of(b1));
    EventOutbox outbox = store.events();
    assertThat(outbox.receiversDue(T0)).containsExactly(NHIS);
    java.time.Duration lease = java.time.Duration.ofSeconds(30);
    List<EventOutbox.Entry> first = outbox.claim(NHIS, T0, lease, 10);
    assertThat(first).extracting(EventOutbox.Entry::event).containsExactly(a1, b1);
    assertThat(first).allSatisfy(e -> assertThat(e.attempts()).isEqualTo(1));
    assertThat(outbox.claim(NHIS, T0.plusSeconds(1), lease, 10)).isEmpty(); // leased
    assertThat(outbox.receiversDue(T0.plusSeconds(1))).isEmpty(); // a2 waits behind a1
    assertThat(outbox.claim(KB_BANK, T0, lease, 10)).isEmpty();
    outbox.delivered(first.get(0).seq(), T0.plusSeconds(1));
    List<EventOutbox.Entry> next = outbox.claim(NHIS, T0.plusSeconds(1), lease, 10);
    assertThat(next)
        .extracting(EventOutbox.Entry::event)
        .containsExactly(a2); // the next of consent a, b1 still leased
    outbox.delivered(next.get(0).seq(), T0.plusSeconds(2));
    // a dispatcher that died: its lease ends, and the event goes out again
    List<EventOutbox.Entry> again = outbox.claim(NHIS, T0.plusSeconds(31), lease, 10);
    assertThat(again).extracting(EventOutbox.Entry::event).containsExactly(b1);
    assertThat(again.get(0).attempts()).isEqualTo(2);
    assertThat(outbox.find(a1.jti()).orElseThrow().state()).isEqualTo(EventOutbox.State.DELIVERED);
  }

  @Test
  public void anEventNotYetDueNeitherGoesOutNorHoldsBackLaterOnes() {
    Consent a = active(store, 1);
    OutboxEvent later =
        outboxEvent(a, KB_BANK, ConsentEventType.RETENTION_ENDED, T0, T0.plusSeconds(3600));
    OutboxEvent now = outboxEvent(a, KB_BANK, ConsentEventType.CONSENT_PAUSED);
    pause(a, List.of(later, now));
    java.time.Duration lease = java.time.Duration.ofSeconds(30);
    List<EventOutbox.Entry> claimed = store.events().claim(KB_BANK, T0, lease, 10);
    assertThat(claimed).extracting(EventOutbox.Entry::event).containsExactly(now);
    store.events().delivered(claimed.get(0).seq(), T0);
    assertThat(store.events().pending(KB_BANK, T0.plusSeconds(3599), 10)).isEmpty();
    assertThat(store.events().claim(KB_BANK, T0.plusSeconds(3600), lease, 10))
        .extracting(EventOutbox.Entry::event)
        .containsExactly(later);
  }

  @Test
  public void retriesDeadLettersRejectionsAndReplays() {
    Consent a = active(store, 1);
    OutboxEvent e = outboxEvent(a, NHIS, ConsentEventType.CONSENT_PAUSED);
    OutboxEvent r = outboxEvent(active(store, 2), NHIS, ConsentEventType.CONSENT_PAUSED);
    pause(a, List.of(e));
    pause(store.find(r.consentId()).orElseThrow(), List.of(r));
    EventOutbox outbox = store.events();
    java.time.Duration lease = java.time.Duration.ofMinutes(5);
    List<EventOutbox.Entry> claimed = outbox.claim(NHIS, T0, lease, 10);
    long seq = claimed.get(0).seq();
    outbox.retryAt(seq, T0.plusSeconds(60), "HTTP 503");
    assertThat(outbox.claim(NHIS, T0.plusSeconds(59), lease, 10)).isEmpty();
    EventOutbox.Entry retried = outbox.claim(NHIS, T0.plusSeconds(60), lease, 10).get(0);
    assertThat(retried.attempts()).isEqualTo(2);
    assertThat(retried.lastError()).contains("HTTP 503");
    outbox.deadLetter(seq, "too old", T0.plusSeconds(61));
    outbox.rejected(claimed.get(1).seq(), "invalid_audience", T0.plusSeconds(61));
    outbox.delivered(seq, T0.plusSeconds(62)); // final states stay final
    assertThat(outbox.deadLetters(10)).extracting(x -> x.event().jti()).containsExactly(e.jti());
    assertThat(outbox.find(r.jti()).orElseThrow().state()).isEqualTo(EventOutbox.State.REJECTED);
    assertThat(outbox.find(r.jti()).orElseThrow().lastError()).contains("invalid_audience");
    assertThat(outbox.replay(e.jti(), T0.plusSeconds(70))).isTrue();
    assertThat(outbox.replay(e.jti(), T0.plusSeconds(70))).isFalse(); // PENDING now
    assertThat(outbox.replay("no-such-jti", T0)).isFalse();
    EventOutbox.Entry replayed = outbox.claim(NHIS, T0.plusSeconds(70), lease, 10).get(0);
    assertThat(replayed.event()).isEqualTo(e);
    assertThat(replayed.attempts()).isEqualTo(1);
    assertThat(outbox.deadLetters(10)).isEmpty();
    assertThat(outbox.countByState())
        .containsEntry(EventOutbox.State.PENDING, 1L)
        .containsEntry(EventOutbox.State.REJECTED, 1L)
        .containsEntry(EventOutbox.State.DEAD, 0L);
  }

  @Test
  public void pollingReceiversAcknowledgeOrRejectOnlyTheirOwnEvents() {
    Consent a = active(store, 1);
    OutboxEvent mine1 = outboxEvent(a, NTS, ConsentEventType.CONSENT_PAUSED);
    OutboxEvent theirs = outboxEvent(a, NHIS, ConsentEventType.CONSENT_PAUSED);
    pause(a, List.of(mine1, theirs));
    Consent b = active(store, 2);
    OutboxEvent mine2 = outboxEvent(b, NTS, ConsentEventType.CONSENT_PAUSED);
    pause(b, List.of(mine2));
    EventOutbox outbox = store.events();
    assertThat(outbox.pending(NTS, T0, 10))
        .extracting(EventOutbox.Entry::event)
        .containsExactly(mine1, mine2);
    assertThat(outbox.pending(NTS, T0, 1)).hasSize(1);
    assertThat(outbox.acknowledge(NTS, List.of(mine1.jti(), theirs.jti(), "unknown"), T0))
        .isEqualTo(1);
    assertThat(outbox.find(theirs.jti()).orElseThrow().state())
        .isEqualTo(EventOutbox.State.PENDING);
    assertThat(outbox.reject(NTS, theirs.jti(), "invalid_audience", T0)).isFalse();
    assertThat(outbox.reject(NTS, mine2.jti(), "invalid_request", T0)).isTrue();
    assertThat(outbox.pending(NTS, T0, 10)).isEmpty();
  }

  @Test
  public void concurrentClaimsNeverHandOutTheSameEventTwice() throws Exception {
    Set<String> written = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      Consent c = active(store, 100 + i);
      OutboxEvent e = outboxEvent(c, NHIS, ConsentEventType.CONSENT_PAUSED);
      written.add(e.jti());
      pause(c, List.of(e));
    }
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<String>>> claims = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      claims.add(
          pool.submit(
              () -> {
                start.await();
                List<String> mine = new ArrayList<>();
                for (int round = 0; round < 10; round++) {
                  for (EventOutbox.Entry e :
                      store.events().claim(NHIS, T0, java.time.Duration.ofMinutes(5), 3)) {
                    mine.add(e.event().jti());
                  }
                }
                return mine;
              }));
    }
    start.countDown();
    List<String> all = new ArrayList<>();
    for (Future<List<String>> f : claims) {
      all.addAll(f.get(60, TimeUnit.SECONDS));
    }
    assertThat(all).doesNotHaveDuplicates();
    assertThat(new HashSet<>(all)).isEqualTo(written);
  }

  // ---- erasure attestations

  private ErasureRecord erasure(Consent c, AgencyId consumer, String jti) {
    return new ErasureRecord(
        jti, c.id(), consumer, List.of("KBBANK20260302000001"), T0, T0.plusSeconds(5), "a.b.c");
  }

  private void deliver(Consent c, String grantId) {
    recordGrant(store, grant(c, NHIS, grantId, "once"), 1, grantEvent(c, grantId));
    recordFetch(
        store,
        new FetchRecord(
            grantId,
            c.id(),
            NHIS,
            Set.of(StoreFixtures.QUALIFICATION),
            "KBBANK20260302000001",
            FetchOutcome.DELIVERED,
            T0),
        event(c, AuditEventType.DATA_FETCHED, T0));
  }

  @Test
  public void erasureAttestationsAreKeptOnceAndLogged() {
    Consent a = active(store, 1);
    int auditSize = store.audit(0, 100).size();
    ConsentStore.Written<Boolean> kept =
        store.recordErasure(
            erasure(a, KB_BANK, "att-1"), event(a, AuditEventType.ERASURE_ATTESTED, T0));
    assertThat(kept.value()).isTrue();
    assertThat(kept.appended()).hasSize(1);
    assertThat(
            store
                .recordErasure(
                    erasure(a, KB_BANK, "att-1"), event(a, AuditEventType.ERASURE_ATTESTED, T0))
                .value())
        .isFalse();
    assertThat(store.erasures(a.id())).containsExactly(erasure(a, KB_BANK, "att-1"));
    assertThat(store.audit(0, 100)).hasSize(auditSize + 1);
    assertThatThrownBy(
            () ->
                store.recordErasure(
                    erasure(a, NHIS, "att-2"), event(a, AuditEventType.ERASURE_ATTESTED, T0)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                store.recordErasure(
                    erasure(requested(9), KB_BANK, "att-3"),
                    event(requested(9), AuditEventType.ERASURE_ATTESTED, T0)))
        .isInstanceOf(ConsentNotFoundException.class);
    assertThat(store.audit(0, 100)).hasSize(auditSize + 1);
  }

  @Test
  public void erasuresAreOverdueOnlyWhenDueDeliveredAndNotAttested() {
    Consent revoked = active(store, 1);
    deliver(revoked, "g1");
    pause(revoked, List.of(outboxEvent(revoked, KB_BANK, ConsentEventType.CONSENT_REVOKED)));
    Consent retained = active(store, 2);
    deliver(retained, "g2");
    pause(
        retained,
        List.of(
            outboxEvent(
                retained, KB_BANK, ConsentEventType.RETENTION_ENDED, T0, T0.plusSeconds(600))));
    Consent undelivered = active(store, 3);
    pause(
        undelivered, List.of(outboxEvent(undelivered, KB_BANK, ConsentEventType.CONSENT_REVOKED)));
    Consent toProvider = active(store, 4);
    deliver(toProvider, "g4");
    pause(toProvider, List.of(outboxEvent(toProvider, NHIS, ConsentEventType.CONSENT_REVOKED)));

    assertThat(store.overdueErasures(T0.minusSeconds(1), 10)).isEmpty();
    assertThat(store.overdueErasures(T0, 10))
        .containsExactly(new OverdueErasure(revoked.id(), KB_BANK, T0));
    assertThat(store.overdueErasures(T0.plusSeconds(600), 10))
        .extracting(OverdueErasure::consentId)
        .containsExactly(revoked.id(), retained.id());
    assertThat(store.countOverdueErasures(T0.plusSeconds(600))).isEqualTo(2);
    store.recordErasure(
        erasure(revoked, KB_BANK, "att-1"), event(revoked, AuditEventType.ERASURE_ATTESTED, T0));
    assertThat(store.overdueErasures(T0.plusSeconds(600), 10))
        .extracting(OverdueErasure::consentId)
        .containsExactly(retained.id());
    assertThat(store.countOverdueErasures(T0.plusSeconds(600))).isEqualTo(1);
  }
}
