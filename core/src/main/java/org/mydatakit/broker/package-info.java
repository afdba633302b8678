/**
 * The broker service: {@link org.mydatakit.broker.ConsentBroker} records consents, issues grants,
 * and remembers everything through the {@link org.mydatakit.broker.ConsentStore} SPI, whose
 * in-memory implementation lives here and whose durable ones live in {@code
 * mydatakit-consent-store}. Who may take part is kept by the {@link
 * org.mydatakit.broker.AgencyRegistry} SPI ({@link org.mydatakit.broker.Agency}), likewise with an
 * in-memory implementation here and a durable one there.
 *
 * <p>Nullability: see {@link org.mydatakit}.
 */
package org.mydatakit.broker;
