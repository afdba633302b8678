package com.example.store;

import org.mydatakit.broker.AgencyRegistry;
import org.mydatakit.broker.InMemoryAgencyRegistry;
import org.mydatakit.store.tck.AgencyRegistryContract;

/**
 * The in-memory agency registry of core keeps the whole contract, tested as a third party would.
 */
class InMemoryAgencyRegistryTest extends AgencyRegistryContract {
  @Override
  protected AgencyRegistry createRegistry() {
    return new InMemoryAgencyRegistry();
  }
}
