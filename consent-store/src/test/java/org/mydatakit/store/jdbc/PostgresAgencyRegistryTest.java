package org.mydatakit.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.mydatakit.broker.AgencyRegistry;
import org.mydatakit.store.tck.AgencyRegistryContract;

/**
 * The agency registry on PostgreSQL keeps the whole contract (skipped without MYDATA_TEST_PG_URL).
 */
@EnabledIfEnvironmentVariable(
    named = TestDatabases.PG_ENV,
    matches = ".*\\S.*",
    disabledReason = TestDatabases.PG_SKIPPED)
class PostgresAgencyRegistryTest extends AgencyRegistryContract {
  private String schema;
  private HikariDataSource pool;

  @Override
  protected AgencyRegistry createRegistry() {
    try {
      schema = TestDatabases.newSchema();
      pool = TestDatabases.pool(schema, 10);
      JdbcConsentStore.builder(pool).build().migrate();
      return JdbcAgencyRegistry.of(pool);
    } catch (RuntimeException e) {
      throw e; // an assumption failure (a skip) stays one
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Override
  protected void disposeRegistry(AgencyRegistry registry) throws Exception {
    if (pool != null) {
      pool.close();
      TestDatabases.dropSchema(schema);
    }
  }
}
