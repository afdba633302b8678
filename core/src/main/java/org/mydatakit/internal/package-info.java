/**
 * Internals of mydatakit core. Not an API: anything here may change in any release; only sibling
 * mydatakit modules may use it.
 */
package org.mydatakit.internal;
