/**
 * The durable {@link org.mydatakit.broker.ConsentStore}: {@link
 * org.mydatakit.store.jdbc.JdbcConsentStore} over H2 (an embedded file database, the default) or
 * PostgreSQL, with versioned Flyway migrations shipped in the jar.
 *
 * <p>Nullability: see {@link org.mydatakit}.
 */
package org.mydatakit.store.jdbc;
