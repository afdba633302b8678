/** Internals of the JDBC consent store: not an API. */
package org.mydatakit.store.jdbc.internal;
