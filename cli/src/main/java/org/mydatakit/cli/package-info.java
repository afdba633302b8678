/**
 * The {@code mydatakit} command: keys, grants and DPoP proofs from the shell. Not an API: every
 * type here is package-private except {@link org.mydatakit.cli.Main}.
 *
 * <p>Nullability: see {@link org.mydatakit}.
 */
package org.mydatakit.cli;
