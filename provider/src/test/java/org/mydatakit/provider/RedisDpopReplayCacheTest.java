package org.mydatakit.provider;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.mydatakit.grant.DpopReplayCache;

/**
 * The Redis cache keeps the contract (skipped without MYDATA_TEST_REDIS_URL); each node has its own
 * connection, every test its own key prefix, deleted afterwards.
 */
@EnabledIfEnvironmentVariable(
    named = TestStores.REDIS_ENV,
    matches = ".*\\S.*",
    disabledReason = TestStores.REDIS_SKIPPED)
class RedisDpopReplayCacheTest extends DpopReplayCacheContract {
  private final String prefix = TestStores.newRedisPrefix();
  private int capacityPerKey;
  private RedisClient client;
  private RedisClient unreachable;
  private StatefulRedisConnection<String, String> first;
  private StatefulRedisConnection<String, String> second;

  @Override
  protected DpopReplayCache createCache(int capacityPerKey) {
    this.capacityPerKey = capacityPerKey;
    TestStores.quietRedisWire();
    client = RedisClient.create(TestStores.redisUrl());
    first = client.connect();
    return RedisDpopReplayCache.builder(first)
        .keyPrefix(prefix)
        .capacityPerKey(capacityPerKey)
        .build();
  }

  @Override
  protected DpopReplayCache secondNode() {
    second = client.connect();
    return RedisDpopReplayCache.builder(second)
        .keyPrefix(prefix)
        .capacityPerKey(capacityPerKey)
        .build();
  }

  /** A client of a port nothing listens on. */
  @Override
  protected DpopReplayCache unavailableCache() throws Exception {
    TestStores.quietRedisWire();
    unreachable = TestStores.clientOfClosedPort();
    return RedisDpopReplayCache.builder(unreachable).keyPrefix(prefix).build();
  }

  @Override
  protected void dispose() {
    if (first != null) {
      TestStores.deleteKeys(first, prefix);
      first.close();
    }
    if (second != null) {
      second.close();
    }
    TestStores.shutdown(client);
    TestStores.shutdown(unreachable);
  }
}
