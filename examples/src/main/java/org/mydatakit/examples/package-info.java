/**
 * Runnable sample apps, one class per task, each run by a test: what an agency developer copies.
 *
 * <p>Nullability: see {@link org.mydatakit}.
 */
package org.mydatakit.examples;
