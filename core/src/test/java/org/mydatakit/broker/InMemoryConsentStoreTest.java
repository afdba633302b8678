package org.mydatakit.broker;

/** The in-memory store keeps the whole contract. */
class InMemoryConsentStoreTest extends ConsentStoreContract {
  @Override
  protected ConsentStore createStore() {
    return new InMemoryConsentStore();
  }
}
