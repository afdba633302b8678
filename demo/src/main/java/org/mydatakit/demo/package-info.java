/**
 * The one-command demo ({@code ./mydatakit demo}): the broker server and the sample OpenID provider
 * as processes of their own, two provider agencies and a consumer of {@code mydatakit-examples} on
 * loopback ports, walking the whole MyData flow over HTTP on the embedded H2 store (or PostgreSQL).
 * An unpublished module, so that the published CLI depends on no sample code.
 *
 * <p>Nullability: see {@link org.mydatakit}.
 */
package org.mydatakit.demo;
