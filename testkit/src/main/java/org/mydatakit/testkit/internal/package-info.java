/**
 * Internals of the test kit: the WireMock transformer that plays a provider agency, its fault
 * state, problem bodies and sample records. Not an API; may change without notice.
 *
 * <p>Nullability: see {@link org.mydatakit}.
 */
package org.mydatakit.testkit.internal;
