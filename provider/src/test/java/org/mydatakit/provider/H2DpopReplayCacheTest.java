package org.mydatakit.provider;

import com.zaxxer.hikari.HikariDataSource;
import org.mydatakit.grant.DpopReplayCache;

/** The JDBC cache on an in-memory H2 database keeps the contract; each node has its own pool. */
class H2DpopReplayCacheTest extends DpopReplayCacheContract {
  private String database;
  private int capacityPerKey;
  private HikariDataSource first;
  private HikariDataSource second;
  private HikariDataSource closed;
  private String closedDatabase;

  @Override
  protected DpopReplayCache createCache(int capacityPerKey) {
    this.capacityPerKey = capacityPerKey;
    database = TestStores.newH2Name();
    first = TestStores.h2Pool(database, 4);
    return JdbcDpopReplayCache.builder(first).capacityPerKey(capacityPerKey).build();
  }

  @Override
  protected DpopReplayCache secondNode() {
    second = TestStores.h2Pool(database, 4);
    return JdbcDpopReplayCache.builder(second).capacityPerKey(capacityPerKey).build();
  }

  /** Built on a working pool that is then closed. */
  @Override
  protected DpopReplayCache unavailableCache() {
    closedDatabase = TestStores.newH2Name();
    closed = TestStores.h2Pool(closedDatabase, 2);
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
    if (database != null) {
      TestStores.dropH2(database);
    }
    if (closedDatabase != null) {
      TestStores.dropH2(closedDatabase);
    }
  }
}
