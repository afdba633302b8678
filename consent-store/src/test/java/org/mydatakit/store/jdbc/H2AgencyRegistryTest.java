package org.mydatakit.store.jdbc;

import java.nio.file.Path;
import org.mydatakit.broker.AgencyRegistry;
import org.mydatakit.store.tck.AgencyRegistryContract;

/** The agency registry in an embedded H2 file store keeps the whole contract. */
class H2AgencyRegistryTest extends AgencyRegistryContract {
  @Override
  protected AgencyRegistry createRegistry() {
    try {
      Path file = TestDatabases.h2File();
      TestDatabases.h2Store(file); // migrated: the registry's table is in the store's schema
      return JdbcAgencyRegistry.of(Databases.h2File(file));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
