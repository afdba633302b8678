/**
 * The deployable consent broker: a Spring Boot application over {@link
 * org.mydatakit.broker.ConsentBroker} and {@link org.mydatakit.store.jdbc.JdbcConsentStore},
 * configured through {@code mydatakit.broker.*} ({@link org.mydatakit.server.BrokerProperties}).
 * This first slice serves the public read endpoints: the signing keys, the status list and the
 * verifiable log.
 *
 * <p>Nullability: nothing here accepts or returns null unless its documentation says so.
 */
package org.mydatakit.server;
