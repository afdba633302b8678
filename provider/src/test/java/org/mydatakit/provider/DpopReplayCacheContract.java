package org.mydatakit.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mydatakit.grant.DpopReplayCache;

/**
 * The contract every shared {@link DpopReplayCache} keeps, as a test class to extend: a proof is
 * accepted once until it expires, a DPoP key that floods the cache is refused after its capacity
 * while other keys are served, exactly one of racing first uses on two nodes wins, and a cache that
 * cannot answer throws rather than answers true.
 *
 * <pre>{@code
 * class MyCacheTest extends DpopReplayCacheContract {
 *   protected DpopReplayCache createCache(int capacityPerKey) { return new MyCache(freshStore()); }
 *   protected DpopReplayCache secondNode() { return new MyCache(sameStore()); }
 *   protected DpopReplayCache unavailableCache() { return new MyCache(deadStore()); }
 * }
 * }</pre>
 */
abstract class DpopReplayCacheContract {
  static final String KEY_A = "jkt-of-consumer-a";
  static final String KEY_B = "jkt-of-consumer-b";

  /** A wall-clock instant, so that stores with their own expiry keep what the tests write. */
  final Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  final Instant expiresAt = t0.plusSeconds(90);

  /** A cache over a fresh, empty store, holding up to {@code capacityPerKey} proofs per key. */
  protected abstract DpopReplayCache createCache(int capacityPerKey) throws Exception;

  /** Another instance over the store of the last {@link #createCache}; itself for one node. */
  protected abstract DpopReplayCache secondNode() throws Exception;

  /** A cache that cannot record: its store cannot be reached (or, in memory, it is full). */
  protected abstract DpopReplayCache unavailableCache() throws Exception;

  /** Releases what the factories opened. */
  protected void dispose() throws Exception {}

  @AfterEach
  void close() throws Exception {
    dispose();
  }

  @Test
  void firstUseIsAcceptedAndAReplayIsRefused() throws Exception {
    DpopReplayCache cache = createCache(100);
    assertThat(cache.firstUse(KEY_A, "jti-1", t0, expiresAt)).isTrue();
    assertThat(cache.firstUse(KEY_A, "jti-1", t0.plusSeconds(1), expiresAt)).isFalse();
    assertThat(cache.firstUse(KEY_A, "jti-2", t0.plusSeconds(1), expiresAt)).isTrue();
  }

  @Test
  void oneProofIdUnderTwoKeysIsTwoProofs() throws Exception {
    DpopReplayCache cache = createCache(100);
    assertThat(cache.firstUse(KEY_A, "jti-1", t0, expiresAt)).isTrue();
    assertThat(cache.firstUse(KEY_B, "jti-1", t0, expiresAt)).isTrue();
    assertThat(cache.firstUse(KEY_B, "jti-1", t0, expiresAt)).isFalse();
  }

  @Test
  void proofIsForgottenOnceExpired() throws Exception {
    DpopReplayCache cache = createCache(100);
    assertThat(cache.firstUse(KEY_A, "jti-1", t0, expiresAt)).isTrue();
    assertThat(cache.firstUse(KEY_A, "jti-1", expiresAt.minusSeconds(1), expiresAt)).isFalse();
    Instant later = expiresAt.plusSeconds(90);
    assertThat(cache.firstUse(KEY_A, "jti-1", expiresAt, later)).isTrue();
    assertThat(cache.firstUse(KEY_A, "jti-1", expiresAt.plusSeconds(1), later)).isFalse();
  }

  @Test
  void singleKeyFormAcceptsOnce() throws Exception {
    DpopReplayCache cache = createCache(100);
    assertThat(cache.firstUse("client:c1:jti-1", t0, expiresAt)).isTrue();
    assertThat(cache.firstUse("client:c1:jti-1", t0, expiresAt)).isFalse();
    assertThat(cache.firstUse("client:c1:jti-2", t0, expiresAt)).isTrue();
    assertThat(cache.firstUse("client:c1:jti-1", expiresAt, expiresAt.plusSeconds(9))).isTrue();
  }

  @Test
  void floodingKeyIsRefusedAfterItsCapacityWhileAnotherIsServed() throws Exception {
    DpopReplayCache cache = createCache(5);
    for (int i = 0; i < 5; i++) {
      assertThat(cache.firstUse(KEY_A, "flood-" + i, t0, expiresAt)).isTrue();
    }
    assertThat(cache.firstUse(KEY_A, "flood-5", t0, expiresAt)).isFalse();
    assertThat(cache.firstUse(KEY_B, "jti-1", t0, expiresAt)).isTrue();
    assertThat(cache.firstUse(KEY_A, "flood-0", t0, expiresAt)).isFalse();

    Instant later = expiresAt.plusSeconds(90);
    assertThat(cache.firstUse(KEY_A, "flood-5", expiresAt, later)).isTrue();
  }

  @Test
  void exactlyOneOfManyRacingFirstUsesOnTwoNodesWins() throws Exception {
    DpopReplayCache first = createCache(10_000);
    DpopReplayCache[] nodes = {first, secondNode()};
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Boolean>> futures = new ArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        DpopReplayCache node = nodes[i % 2];
        Callable<Boolean> use =
            () -> {
              start.await();
              return node.firstUse(KEY_A, "raced", t0, expiresAt);
            };
        futures.add(pool.submit(use));
      }
      start.countDown();
      int accepted = 0;
      for (Future<Boolean> future : futures) {
        accepted += future.get(60, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(accepted).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void cacheThatCannotRecordNeverAcceptsAProof() throws Exception {
    assertRefusesWhenItCannotRecord(unavailableCache());
  }

  /**
   * A store-backed cache that cannot be reached throws {@link LedgerUnavailableException} (the
   * verifier answers {@code REPLAY_CACHE_UNAVAILABLE}); an in-memory one, which has no store, fails
   * closed when it is full instead (overridden there).
   */
  protected void assertRefusesWhenItCannotRecord(DpopReplayCache down) throws Exception {
    assertThatThrownBy(() -> down.firstUse(KEY_A, "jti-1", t0, expiresAt))
        .isInstanceOf(LedgerUnavailableException.class)
        .hasMessageNotContaining(KEY_A)
        .hasMessageNotContaining("jti-1");
    assertThatThrownBy(() -> down.firstUse("client:c1:jti-1", t0, expiresAt))
        .isInstanceOf(LedgerUnavailableException.class);
  }

  @Test
  void descriptionShowsNoKeyOrProof() throws Exception {
    DpopReplayCache cache = createCache(100);
    cache.firstUse(KEY_A, "jti-described", t0, expiresAt);
    assertThat(cache.toString()).doesNotContain(KEY_A).doesNotContain("jti-described");
  }
}
