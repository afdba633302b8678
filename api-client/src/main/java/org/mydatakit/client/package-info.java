/**
 * The consumer's client for provider agencies: {@link org.mydatakit.client.MyDataClient} fetches a
 * citizen's records with a grant and a fresh DPoP proof per request, fans out over providers, and
 * turns every failure into a typed exception; plus HTTP sources of status lists and JWKS for
 * providers. {@link org.mydatakit.client.ConsumerEventReceiver} receives the broker's pushed
 * consent events (stop fetching, erase), and {@link org.mydatakit.client.ErasureReporter} sends the
 * consumer's erasure attestations back.
 *
 * <p>Nullability: see {@link org.mydatakit}.
 */
package org.mydatakit.client;
