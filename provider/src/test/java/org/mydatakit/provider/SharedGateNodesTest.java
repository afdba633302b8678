package org.mydatakit.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two agency nodes — two gates, each with its own ledger and replay cache over one shared store —
 * under 1,000 racing uses of one grant deliver exactly once; a store that cannot be reached
 * delivers nothing. In memory (two gates of one process), on H2, PostgreSQL (skipped without
 * MYDATA_TEST_PG_URL) and Redis (skipped without MYDATA_TEST_REDIS_URL).
 */
class SharedGateNodesTest {
  private final GateFixture f = new GateFixture();

  private ProviderGate node(GrantUseLedger ledger, org.mydatakit.grant.DpopReplayCache cache) {
    return f.gateBuilder().ledger(ledger).replayCache(cache).build();
  }

  @Test
  void twoGatesInOneProcessSharingTheInMemoryStoresDeliverOnce() throws Exception {
    GrantUseLedger ledger = GrantUseLedger.inMemory();
    org.mydatakit.grant.DpopReplayCache cache =
        org.mydatakit.grant.DpopReplayCache.perKey(1_000, 10_000);
    assertDeliveredOnce(node(ledger, cache), node(ledger, cache));
  }

  @Test
  void twoNodesOnH2DeliverOnce() throws Exception {
    String name = TestStores.newH2Name();
    try (HikariDataSource pool = TestStores.h2Pool(name, 8)) {
      ProviderGate one =
          node(JdbcGrantUseLedger.create(pool), JdbcDpopReplayCache.builder(pool).build());
      ProviderGate two =
          node(
              JdbcGrantUseLedger.builder(pool).withoutMigration().build(),
              JdbcDpopReplayCache.builder(pool).withoutMigration().build());
      assertDeliveredOnce(one, two);
    } finally {
      TestStores.dropH2(name);
    }
  }

  @Test
  void twoNodesOnPostgresDeliverOnce() throws Exception {
    TestStores.postgresUrl();
    String schema = TestStores.newSchema();
    try (HikariDataSource a = TestStores.postgresPool(schema, 8);
        HikariDataSource b = TestStores.postgresPool(schema, 8)) {
      ProviderGate one = node(JdbcGrantUseLedger.create(a), JdbcDpopReplayCache.builder(a).build());
      ProviderGate two =
          node(
              JdbcGrantUseLedger.builder(b).withoutMigration().build(),
              JdbcDpopReplayCache.builder(b).withoutMigration().build());
      assertDeliveredOnce(one, two);
    } finally {
      TestStores.dropSchema(schema);
    }
  }

  @Test
  void twoNodesOnRedisDeliverOnceAndADownRedisDeliversNothing() throws Exception {
    TestStores.quietRedisWire();
    String prefix = TestStores.newRedisPrefix();
    RedisClient client = RedisClient.create(TestStores.redisUrl());
    RedisClient down = TestStores.clientOfClosedPort();
    try (StatefulRedisConnection<String, String> a = client.connect();
        StatefulRedisConnection<String, String> b = client.connect()) {
      try {
        ProviderGate one =
            node(
                RedisGrantUseLedger.builder(a).keyPrefix(prefix + "use:").build(),
                RedisDpopReplayCache.builder(a).keyPrefix(prefix + "dpop:").build());
        ProviderGate two =
            node(
                RedisGrantUseLedger.builder(b).keyPrefix(prefix + "use:").build(),
                RedisDpopReplayCache.builder(b).keyPrefix(prefix + "dpop:").build());
        assertDeliveredOnce(one, two);

        ProviderGate ledgerDown =
            node(
                RedisGrantUseLedger.builder(down).keyPrefix(prefix).build(),
                RedisDpopReplayCache.builder(a).keyPrefix(prefix + "dpop:").build());
        Refusal refused = (Refusal) ledgerDown.admit(f.request(f.grant()));
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.code()).isEqualTo("LEDGER_UNAVAILABLE");
        ProviderGate cacheDown =
            node(
                RedisGrantUseLedger.builder(a).keyPrefix(prefix + "use:").build(),
                RedisDpopReplayCache.builder(down).keyPrefix(prefix).build());
        Refusal unseen = (Refusal) cacheDown.admit(f.request(f.grant()));
        assertThat(unseen.status()).isEqualTo(503);
        assertThat(unseen.code()).isEqualTo("LEDGER_UNAVAILABLE");
      } finally {
        TestStores.deleteKeys(a, prefix);
      }
    } finally {
      TestStores.shutdown(client);
      TestStores.shutdown(down);
    }
  }

  private void assertDeliveredOnce(ProviderGate one, ProviderGate two) throws Exception {
    String grant = f.grant();
    List<ProviderRequest> requests = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      requests.add(f.request(grant));
    }
    ConcurrentLinkedQueue<ProviderGate.Decision> decisions = new ConcurrentLinkedQueue<>();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (int i = 0; i < requests.size(); i++) {
        ProviderGate node = i % 2 == 0 ? one : two;
        ProviderRequest request = requests.get(i);
        pool.execute(
            () -> {
              try {
                start.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              decisions.add(node.admit(request));
            });
      }
      start.countDown();
    } finally {
      pool.shutdown();
      assertThat(pool.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(decisions).hasSize(1_000);
    assertThat(decisions.stream().filter(Admission.class::isInstance)).hasSize(1);
    assertThat(
            decisions.stream()
                .filter(Refusal.class::isInstance)
                .map(d -> ((Refusal) d).code())
                .distinct())
        .containsExactly("GRANT_USED");
    // a replayed proof is refused by the other node too: the replay cache is shared
    ProviderRequest replayed = f.request(grant);
    assertThat(one.admit(replayed)).isInstanceOf(Refusal.class);
    assertThat(((Refusal) two.admit(replayed)).code()).isEqualTo("DPOP_REPLAY");
  }
}
