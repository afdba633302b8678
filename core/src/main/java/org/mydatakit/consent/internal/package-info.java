/**
 * Internals of the consent model: the one door to {@code Consent}'s package-private lifecycle
 * transitions, for the broker and the store TCK. Not an API: anything here may change in any
 * release; an ArchUnit rule lets only {@code org.mydatakit.broker} and {@code
 * org.mydatakit.store.tck} use it, and {@code org.mydatakit.consent} never imports it.
 *
 * <p>Nullability: see {@link org.mydatakit}.
 */
package org.mydatakit.consent.internal;
