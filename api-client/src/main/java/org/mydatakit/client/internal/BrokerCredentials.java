package org.mydatakit.client.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.JWK;
import java.net.URI;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.internal.Base64Url;
import org.mydatakit.internal.Htu;
import org.mydatakit.internal.JwsSigning;
import org.mydatakit.internal.StrictJson;
import org.mydatakit.keys.SigningKeySet;

/**
 * What a consumer presents to a remote broker: a fresh {@code private_key_jwt} client assertion
 * (RFC 7523) per call and, for the token endpoint, a DPoP proof without {@code ath} (no access
 * token is presented there, RFC 9449 §4.2). Both are secrets for their lifetime: never log them.
 */
public final class BrokerCredentials {
  /** How long an assertion is valid: short, and within the broker's five-minute cap. */
  static final Duration ASSERTION_LIFETIME = Duration.ofSeconds(60);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final AgencyId consumer;
  private final String audience;
  private final JwsSigning clientKey;
  private final JwsSigning dpopKey;
  private final Clock clock;

  public BrokerCredentials(
      AgencyId consumer, String audience, SigningKeySet clientKey, DpopKey dpopKey, Clock clock) {
    this.consumer = consumer;
    this.audience = audience;
    this.clientKey = JwsSigning.current(clientKey.exportPrivateJwks());
    try {
      this.dpopKey = JwsSigning.with(JWK.parse(dpopKey.exportPrivateJwk()));
    } catch (ParseException e) {
      throw new IllegalStateException("dpop key: cannot read back the private key");
    }
    this.clock = clock;
  }

  /** A client assertion: iss = sub = the consumer, aud = the broker's token endpoint, fresh jti. */
  public String assertion() {
    long now = clock.instant().getEpochSecond();
    ObjectNode claims = StrictJson.mapper().createObjectNode();
    claims.put("iss", consumer.value());
    claims.put("sub", consumer.value());
    claims.put("aud", audience);
    claims.put("iat", now);
    claims.put("exp", now + ASSERTION_LIFETIME.toSeconds());
    claims.put("jti", randomId());
    return clientKey.sign("client-authentication+jwt", claims.toString(), false);
  }

  /** A DPoP proof for one request to the broker, without {@code ath}. */
  public String proof(String method, URI url) {
    ObjectNode claims = StrictJson.mapper().createObjectNode();
    claims.put("jti", randomId());
    claims.put("htm", method);
    claims.put("htu", Htu.normalize(url));
    claims.put("iat", clock.instant().getEpochSecond());
    return dpopKey.sign("dpop+jwt", claims.toString(), true);
  }

  private static String randomId() {
    byte[] jti = new byte[16];
    RANDOM.nextBytes(jti);
    return Base64Url.encode(jti);
  }

  @Override
  public String toString() {
    return "BrokerCredentials[consumer=" + consumer + "]";
  }
}
