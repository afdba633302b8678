package org.mydatakit.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.mydatakit.broker.ConsentStore;
import org.mydatakit.store.tck.ConsentStoreContract;

/** The PostgreSQL store keeps the whole contract (skipped without MYDATA_TEST_PG_URL). */
@EnabledIfEnvironmentVariable(
    named = TestDatabases.PG_ENV,
    matches = ".*\\S.*",
    disabledReason = TestDatabases.PG_SKIPPED)
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
    } catch (RuntimeException e) {
      throw e; // an assumption failure (a skip) stays one
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
