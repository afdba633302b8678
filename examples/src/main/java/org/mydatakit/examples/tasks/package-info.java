/**
 * One runnable class per task, each with a {@code main} that prints what it did and each run by a
 * test: issue and verify a grant, approve and revoke a consent, fetch from a provider agency,
 * rotate the broker's keys, use PostgreSQL instead of H2.
 *
 * <p>Nullability: see {@link org.mydatakit}.
 */
package org.mydatakit.examples.tasks;
