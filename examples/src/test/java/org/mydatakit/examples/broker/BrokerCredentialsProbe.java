package org.mydatakit.examples.broker;

import java.net.URI;
import java.time.Clock;
import org.mydatakit.client.internal.BrokerCredentials;
import org.mydatakit.grant.DpopKey;

/**
 * DPoP proofs without {@code ath}, as {@code RemoteGrantSource} makes them, for any method and url.
 */
final class BrokerCredentialsProbe {
  private final BrokerCredentials credentials;

  BrokerCredentialsProbe(BrokerFixture f) {
    this(f, f.dpopKey);
  }

  BrokerCredentialsProbe(BrokerFixture f, DpopKey key) {
    credentials =
        new BrokerCredentials(
            BrokerFixture.BANK, f.url("/grants"), f.bankKeys, key, Clock.systemUTC());
  }

  String proof(String method, String url) {
    return credentials.proof(method, URI.create(url));
  }
}
