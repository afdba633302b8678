/**
 * A sample provider agency (보유기관): a small HTTP server that serves the provider agency profile
 * ({@code GET /mydata/v1/items/{itemCode}}) behind the provider kit's {@link
 * org.mydatakit.provider.ProviderGate}, over the broker's JWKS and status list fetched over HTTP.
 *
 * <p>Nullability: see {@link org.mydatakit}.
 */
package org.mydatakit.examples.agency;
