package org.mydatakit.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import org.mydatakit.broker.ConsentStore;
import org.mydatakit.broker.ConsentStoreContract;

/** The PostgreSQL store keeps the whole contract (skipped without MYDATA_TEST_PG_URL). */
class PostgresConsentStoreTest extends ConsentStoreContract {
  private String schema;
  private HikariDataSource pool;

  @Override
  protected ConsentStore createStore() {
    try {
      schema = TestDatabases.newSchema();
      pool = TestDatabases.pool(schema, 10);
      JdbcConsentStore store = JdbcConsentStore.builder(pool).build();
      store.migrate();
      return store;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Override
  protected void disposeStore(ConsentStore store) throws Exception {
    if (pool != null) {
      pool.close();
      TestDatabases.dropSchema(schema);
    }
  }
}
