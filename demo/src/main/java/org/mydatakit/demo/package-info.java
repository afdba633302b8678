/**
 * The one-command demo ({@code ./mydatakit demo}): the sample broker, two provider agencies and a
 * consumer of {@code mydatakit-examples} on loopback ports, walking the whole MyData flow on the
 * embedded H2 store (or PostgreSQL). An unpublished module, so that the published CLI depends on no
 * sample code.
 *
 * <p>Nullability: see {@link org.mydatakit}.
 */
package org.mydatakit.demo;
