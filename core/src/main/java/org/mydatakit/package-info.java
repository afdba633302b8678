/**
 * The root of mydatakit: the exception hierarchy shared by every module.
 *
 * <p>Nullability, stated once for every package of mydatakit: parameters and return values are
 * never {@code null} unless a method's documentation says otherwise; optional values are {@link
 * java.util.Optional}.
 */
package org.mydatakit;
