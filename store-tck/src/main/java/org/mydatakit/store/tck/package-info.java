/**
 * The technology compatibility kit of the {@link org.mydatakit.broker.ConsentStore} SPI: the
 * contract suite every store passes ({@link org.mydatakit.store.tck.ConsentStoreContract}), the one
 * every {@link org.mydatakit.broker.AgencyRegistry} passes ({@link
 * org.mydatakit.store.tck.AgencyRegistryContract}), its fixtures of obviously fictional citizens
 * ({@link org.mydatakit.store.tck.StoreFixtures}) and a clock that tests move by hand ({@link
 * org.mydatakit.store.tck.TestClock}).
 *
 * <p>Add {@code mydatakit-store-tck} in test scope and extend the contract:
 *
 * <pre>{@code
 * class MyStoreTest extends ConsentStoreContract {
 *   @Override
 *   protected ConsentStore createStore() {
 *     return new MyStore(freshDatabase());
 *   }
 * }
 * }</pre>
 *
 * <p>The kit brings JUnit Jupiter's API and AssertJ; it registers no JUnit extension, configures no
 * logging framework and ships no {@code junit-platform.properties}, so it changes nothing else in
 * the project that uses it.
 *
 * <p>Nullability: see {@link org.mydatakit}.
 */
package org.mydatakit.store.tck;
