package org.mydatakit.provider;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The JDBC ledger on PostgreSQL keeps the contract (skipped without MYDATA_TEST_PG_URL). */
@EnabledIfEnvironmentVariable(
    named = TestStores.PG_ENV,
    matches = ".*\\S.*",
    disabledReason = TestStores.PG_SKIPPED)
class PostgresGrantUseLedgerTest extends GrantUseLedgerContract {
  private String schema;
  private HikariDataSource first;
  private HikariDataSource second;
  private HikariDataSource closed;

  @Override
  protected GrantUseLedger createLedger() throws Exception {
    schema = TestStores.newSchema();
    first = TestStores.postgresPool(schema, 4);
    return JdbcGrantUseLedger.create(first);
  }

  @Override
  protected GrantUseLedger secondNode() {
    second = TestStores.postgresPool(schema, 4);
    return JdbcGrantUseLedger.create(second);
  }

  /** Built on a working pool that is then closed. */
  @Override
  protected GrantUseLedger unavailableLedger() {
    closed = TestStores.postgresPool(schema, 2);
    GrantUseLedger ledger = JdbcGrantUseLedger.create(closed);
    closed.close();
    return ledger;
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
