package org.mydatakit.store.jdbc;

import org.mydatakit.broker.ConsentStore;
import org.mydatakit.broker.ConsentStoreContract;

/** The embedded H2 file store keeps the whole contract. */
// region readme-tck
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
// endregion readme-tck
