package org.mydatakit.provider;

import com.zaxxer.hikari.HikariDataSource;

/** The JDBC ledger on an in-memory H2 database keeps the contract; each node has its own pool. */
class H2GrantUseLedgerTest extends GrantUseLedgerContract {
  private String database;
  private HikariDataSource first;
  private HikariDataSource second;
  private HikariDataSource closed;
  private String closedDatabase;

  @Override
  protected GrantUseLedger createLedger() {
    database = TestStores.newH2Name();
    first = TestStores.h2Pool(database, 4);
    return JdbcGrantUseLedger.create(first);
  }

  @Override
  protected GrantUseLedger secondNode() {
    second = TestStores.h2Pool(database, 4);
    return JdbcGrantUseLedger.create(second);
  }

  /** Built on a working pool that is then closed. */
  @Override
  protected GrantUseLedger unavailableLedger() {
    closedDatabase = TestStores.newH2Name();
    closed = TestStores.h2Pool(closedDatabase, 2);
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
    TestStores.dropH2(database);
    if (closedDatabase != null) {
      TestStores.dropH2(closedDatabase);
    }
  }
}
