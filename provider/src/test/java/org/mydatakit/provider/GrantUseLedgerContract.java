package org.mydatakit.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mydatakit.provider.GrantUseLedger.Use.FIRST;
import static org.mydatakit.provider.GrantUseLedger.Use.RETRY;
import static org.mydatakit.provider.GrantUseLedger.Use.USED;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.provider.GrantUseLedger.Use;

/**
 * The contract every {@link GrantUseLedger} keeps, as a test class to extend: one delivery per
 * (grant, item), a retry with the same idempotency key recognised, expired uses reclaimed, exactly
 * one first claim among racing claims on two nodes, and a ledger that cannot answer throws {@link
 * LedgerUnavailableException}.
 *
 * <pre>{@code
 * class MyLedgerTest extends GrantUseLedgerContract {
 *   protected GrantUseLedger createLedger() { return new MyLedger(freshStore()); }
 *   protected GrantUseLedger secondNode() { return new MyLedger(sameStore()); }
 *   protected GrantUseLedger unavailableLedger() { return new MyLedger(deadStore()); }
 * }
 * }</pre>
 *
 * Instants are near the wall clock (some stores also expire entries by their own clock), and every
 * test uses grant ids of its own.
 */
abstract class GrantUseLedgerContract {
  static final ItemCode INCOME = ItemCode.of("nts.income");
  static final ItemCode QUALIFICATION = ItemCode.of("nhis.qualification");

  /** A wall-clock instant, so that stores with their own expiry keep what the tests write. */
  final Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  final Instant forgetAfter = t0.plusSeconds(60);

  private GrantUseLedger ledger;

  /** A ledger over a fresh, empty store. */
  protected abstract GrantUseLedger createLedger() throws Exception;

  /**
   * Another instance over the same store as the last {@link #createLedger()}, as a second agency
   * node would have; the ledger itself for a one-node ledger.
   */
  protected abstract GrantUseLedger secondNode() throws Exception;

  /** A ledger whose store cannot be reached or cannot record. */
  protected abstract GrantUseLedger unavailableLedger() throws Exception;

  /** Releases what {@link #createLedger()}, {@link #secondNode()} and the rest opened. */
  protected void dispose() throws Exception {}

  @BeforeEach
  void open() throws Exception {
    ledger = createLedger();
  }

  @AfterEach
  void close() throws Exception {
    dispose();
  }

  private static String grant(String name) {
    return "grant-" + name;
  }

  @Test
  void firstClaimIsFirstAndASecondWithoutKeyIsUsed() {
    assertThat(ledger.claim(grant("a"), INCOME, null, t0, forgetAfter)).isEqualTo(FIRST);
    assertThat(ledger.claim(grant("a"), INCOME, null, t0.plusSeconds(1), forgetAfter))
        .isEqualTo(USED);
  }

  @Test
  void claimWithTheFirstClaimsKeyIsRetry() {
    assertThat(ledger.claim(grant("a"), INCOME, "key-1", t0, forgetAfter)).isEqualTo(FIRST);
    assertThat(ledger.claim(grant("a"), INCOME, "key-1", t0.plusSeconds(1), forgetAfter))
        .isEqualTo(RETRY);
    assertThat(ledger.claim(grant("a"), INCOME, "key-1", t0.plusSeconds(2), forgetAfter))
        .isEqualTo(RETRY);
  }

  @Test
  void claimWithAnotherKeyIsUsed() {
    assertThat(ledger.claim(grant("a"), INCOME, "key-1", t0, forgetAfter)).isEqualTo(FIRST);
    assertThat(ledger.claim(grant("a"), INCOME, "key-2", t0, forgetAfter)).isEqualTo(USED);
    assertThat(ledger.claim(grant("a"), INCOME, null, t0, forgetAfter)).isEqualTo(USED);
    assertThat(ledger.claim(grant("a"), INCOME, "key-1", t0, forgetAfter)).isEqualTo(RETRY);
  }

  @Test
  void claimWithAKeyAfterAFirstClaimWithoutOneIsUsed() {
    assertThat(ledger.claim(grant("a"), INCOME, null, t0, forgetAfter)).isEqualTo(FIRST);
    assertThat(ledger.claim(grant("a"), INCOME, "key-1", t0, forgetAfter)).isEqualTo(USED);
    assertThat(ledger.claim(grant("a"), INCOME, "", t0, forgetAfter)).isEqualTo(USED);
  }

  @Test
  void itemsOfOneGrantAreClaimedIndependently() {
    assertThat(ledger.claim(grant("a"), INCOME, null, t0, forgetAfter)).isEqualTo(FIRST);
    assertThat(ledger.claim(grant("a"), QUALIFICATION, null, t0, forgetAfter)).isEqualTo(FIRST);
    assertThat(ledger.claim(grant("a"), QUALIFICATION, null, t0, forgetAfter)).isEqualTo(USED);
  }

  @Test
  void grantsAreClaimedIndependently() {
    assertThat(ledger.claim(grant("a"), INCOME, "key-1", t0, forgetAfter)).isEqualTo(FIRST);
    assertThat(ledger.claim(grant("b"), INCOME, "key-1", t0, forgetAfter)).isEqualTo(FIRST);
    assertThat(ledger.claim(grant("ab"), INCOME, null, t0, forgetAfter)).isEqualTo(FIRST);
    assertThat(ledger.claim(grant("b"), INCOME, "key-1", t0, forgetAfter)).isEqualTo(RETRY);
  }

  @Test
  void useIsReclaimedOnceItsForgetAfterHasCome() {
    assertThat(ledger.claim(grant("a"), INCOME, "key-1", t0, forgetAfter)).isEqualTo(FIRST);
    Instant justBefore = forgetAfter.minusMillis(1);
    assertThat(ledger.claim(grant("a"), INCOME, null, justBefore, forgetAfter)).isEqualTo(USED);

    Instant later = forgetAfter.plusSeconds(60);
    assertThat(ledger.claim(grant("a"), INCOME, "key-2", forgetAfter, later)).isEqualTo(FIRST);
    assertThat(ledger.claim(grant("a"), INCOME, "key-2", forgetAfter, later)).isEqualTo(RETRY);
    assertThat(ledger.claim(grant("a"), INCOME, "key-1", forgetAfter, later)).isEqualTo(USED);
  }

  @Test
  void reclaimedUseWithoutKeyForgetsTheOldKey() {
    assertThat(ledger.claim(grant("a"), INCOME, "key-1", t0, forgetAfter)).isEqualTo(FIRST);
    Instant later = forgetAfter.plusSeconds(60);
    Instant afterwards = forgetAfter.plusSeconds(1);
    assertThat(ledger.claim(grant("a"), INCOME, null, afterwards, later)).isEqualTo(FIRST);
    assertThat(ledger.claim(grant("a"), INCOME, "key-1", afterwards, later)).isEqualTo(USED);
  }

  @Test
  void manyOtherUsesExpiringDoNotDisturbALiveOne() {
    for (int i = 0; i < 50; i++) {
      assertThat(ledger.claim(grant("old-" + i), INCOME, null, t0, t0.plusSeconds(1)))
          .isEqualTo(FIRST);
    }
    assertThat(ledger.claim(grant("live"), INCOME, null, t0, forgetAfter)).isEqualTo(FIRST);
    Instant later = t0.plusSeconds(30);
    for (int i = 0; i < 50; i++) {
      assertThat(ledger.claim(grant("old-" + i), INCOME, null, later, forgetAfter))
          .isEqualTo(FIRST);
    }
    assertThat(ledger.claim(grant("live"), INCOME, null, later, forgetAfter)).isEqualTo(USED);
  }

  @Test
  void exactlyOneOfManyRacingClaimsOnTwoNodesIsFirst() throws Exception {
    Map<Use, Integer> outcomes = race(grant("raced"), null, t0, 1_000);
    assertThat(outcomes.get(FIRST)).isEqualTo(1);
    assertThat(outcomes.get(USED)).isEqualTo(999);
  }

  @Test
  void racingRetriesWithOneKeyGiveOneFirstAndOnlyRetries() throws Exception {
    Map<Use, Integer> outcomes = race(grant("retried"), "key-1", t0, 1_000);
    assertThat(outcomes.get(FIRST)).isEqualTo(1);
    assertThat(outcomes.get(RETRY)).isEqualTo(999);
  }

  @Test
  void exactlyOneOfManyRacingClaimsReclaimsAnExpiredUse() throws Exception {
    assertThat(ledger.claim(grant("expired"), INCOME, null, t0, t0.plusSeconds(1)))
        .isEqualTo(FIRST);
    Map<Use, Integer> outcomes = race(grant("expired"), null, t0.plusSeconds(2), 400);
    assertThat(outcomes.get(FIRST)).isEqualTo(1);
    assertThat(outcomes.get(USED)).isEqualTo(399);
  }

  @Test
  void ledgerThatCannotAnswerThrowsLedgerUnavailable() throws Exception {
    GrantUseLedger down = unavailableLedger();
    assertThatThrownBy(() -> down.claim(grant("a"), INCOME, "key-1", t0, forgetAfter))
        .isInstanceOf(LedgerUnavailableException.class)
        .hasMessageNotContaining(grant("a"))
        .hasMessageNotContaining("key-1");
  }

  @Test
  void descriptionShowsNoGrantOrKey() {
    ledger.claim(grant("described"), INCOME, "key-described", t0, forgetAfter);
    assertThat(ledger.toString())
        .doesNotContain("described")
        .doesNotContain(LedgerValues.digest(grant("described"), INCOME.value()));
  }

  /** {@code claims} claims of one pair from 8 threads, alternating between the two nodes. */
  private Map<Use, Integer> race(String grantId, String key, Instant now, int claims)
      throws Exception {
    GrantUseLedger[] nodes = {ledger, secondNode()};
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Use>> futures = new ArrayList<>();
      for (int i = 0; i < claims; i++) {
        GrantUseLedger node = nodes[i % 2];
        Callable<Use> claim =
            () -> {
              start.await();
              return node.claim(grantId, INCOME, key, now, now.plusSeconds(60));
            };
        futures.add(pool.submit(claim));
      }
      start.countDown();
      Map<Use, Integer> outcomes = new EnumMap<>(Use.class);
      for (Use use : Use.values()) {
        outcomes.put(use, 0);
      }
      for (Future<Use> future : futures) {
        outcomes.merge(future.get(60, TimeUnit.SECONDS), 1, Integer::sum);
      }
      return outcomes;
    } finally {
      pool.shutdownNow();
    }
  }
}
