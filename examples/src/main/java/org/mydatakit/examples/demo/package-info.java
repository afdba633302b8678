/**
 * The one-command demo: a broker, two provider agencies and a consumer on loopback ports, walking
 * the whole MyData flow on the embedded H2 store (or PostgreSQL).
 *
 * <p>Nullability: see {@link org.mydatakit}.
 */
package org.mydatakit.examples.demo;
