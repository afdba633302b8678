package org.mydatakit.provider;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.mydatakit.grant.DpopReplayCache;

/** The JDBC cache on PostgreSQL keeps the contract (skipped without MYDATA_TEST_PG_URL). */
@EnabledIfEnvironmentVariable(
    named = TestStores.PG_ENV,
    matches = ".*\\S.*",
    disabledReason = TestStores.PG_SKIPPED)
class PostgresDpopReplayCacheTest extends DpopReplayCacheContract {
  private String schema;
  private int capacityPerKey;
  private HikariDataSource first;
  private HikariDataSource second;
  private HikariDataSource closed;

  @Override
  protected DpopReplayCache createCache(int capacityPerKey) throws Exception {
    this.capacityPerKey = capacityPerKey;
    schema = TestStores.newSchema();
    first = TestStores.postgresPool(schema, 4);
    return JdbcDpopReplayCache.builder(first).capacityPerKey(capacityPerKey).build();
  }

  @Override
  protected DpopReplayCache secondNode() {
    second = TestStores.postgresPool(schema, 4);
    return JdbcDpopReplayCache.builder(second).capacityPerKey(capacityPerKey).build();
  }

  /** Built on a working pool that is then closed. */
  @Override
  protected DpopReplayCache unavailableCache() throws Exception {
    if (schema == null) {
      schema = TestStores.newSchema();
    }
    closed = TestStores.postgresPool(schema, 2);
    DpopReplayCache cache = JdbcDpopReplayCache.create(closed);
    closed.close();
    return cache;
  }

  @Override
  protected void dispose() throws Exception {
    for (HikariDataSource pool : new HikariDataSource[] {first, second, closed}) {
      if (pool != null) {
        pool.close();
      }
    }
    if (schema != null) {
      TestStores.dropSchema(schema);
    }
  }
}
