/** Internals of the provider kit; not an API. */
package org.mydatakit.provider.internal;
