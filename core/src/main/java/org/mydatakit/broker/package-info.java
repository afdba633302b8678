/**
 * The broker service: {@link org.mydatakit.broker.ConsentBroker} records consents, issues grants,
 * and remembers everything through the {@link org.mydatakit.broker.ConsentStore} SPI, whose
 * in-memory implementation lives here and whose durable ones live in {@code
 * mydatakit-consent-store}.
 *
 * <p>Nullability: see {@link org.mydatakit}.
 */
package org.mydatakit.broker;
