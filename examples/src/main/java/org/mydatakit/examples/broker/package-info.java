/**
 * A sample broker HTTP server over {@link org.mydatakit.broker.ConsentBroker}: consumers request
 * consents and get DPoP-bound grants (authenticated with {@code private_key_jwt}), citizens decide
 * and see their history, provider agencies read the JWKS and the status list. Start at {@link
 * org.mydatakit.examples.broker.BrokerServer}.
 *
 * <p>Nullability: see {@link org.mydatakit}.
 */
package org.mydatakit.examples.broker;
