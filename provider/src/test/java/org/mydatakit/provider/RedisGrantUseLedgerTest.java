package org.mydatakit.provider;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The Redis ledger keeps the contract (skipped without MYDATA_TEST_REDIS_URL); each node has its
 * own connection, every test its own key prefix, deleted afterwards.
 */
@EnabledIfEnvironmentVariable(
    named = TestStores.REDIS_ENV,
    matches = ".*\\S.*",
    disabledReason = TestStores.REDIS_SKIPPED)
class RedisGrantUseLedgerTest extends GrantUseLedgerContract {
  private final String prefix = TestStores.newRedisPrefix();
  private RedisClient client;
  private RedisClient unreachable;
  private StatefulRedisConnection<String, String> first;
  private StatefulRedisConnection<String, String> second;

  @Override
  protected GrantUseLedger createLedger() {
    TestStores.quietRedisWire();
    client = RedisClient.create(TestStores.redisUrl());
    first = client.connect();
    return RedisGrantUseLedger.builder(first).keyPrefix(prefix).build();
  }

  @Override
  protected GrantUseLedger secondNode() {
    second = client.connect();
    return RedisGrantUseLedger.builder(second).keyPrefix(prefix).build();
  }

  /** A client of a port nothing listens on. */
  @Override
  protected GrantUseLedger unavailableLedger() throws Exception {
    unreachable = TestStores.clientOfClosedPort();
    return RedisGrantUseLedger.builder(unreachable).keyPrefix(prefix).build();
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
