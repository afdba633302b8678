/**
 * A sample consumer (이용기관): fetches every item of a consent with {@link
 * org.mydatakit.client.MyDataClient} and prints a summary without personal data.
 *
 * <p>Nullability: see {@link org.mydatakit}.
 */
package org.mydatakit.examples.consumer;
