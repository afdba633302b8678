package com.example.store;

import org.mydatakit.broker.ConsentStore;
import org.mydatakit.broker.InMemoryConsentStore;
import org.mydatakit.store.tck.ConsentStoreContract;

/**
 * A store's test as a third party writes it, outside our packages and with nothing but the kit and
 * JUnit on its test classpath: here for the in-memory store of core.
 */
// region readme-tck
class InMemoryConsentStoreTest extends ConsentStoreContract {
  @Override
  protected ConsentStore createStore() {
    return new InMemoryConsentStore(); // yours: new and empty for every test
  }
}
// endregion readme-tck
