package org.mydatakit.store.jdbc;

import org.mydatakit.broker.ConsentStore;
import org.mydatakit.store.tck.ConsentStoreContract;

/** The embedded H2 file store keeps the whole contract. */
class H2ConsentStoreTest extends ConsentStoreContract {
  @Override
  protected ConsentStore createStore() {
    try {
      return TestDatabases.h2Store(TestDatabases.h2File());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
