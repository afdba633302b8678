package org.mydatakit.grant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import org.mydatakit.internal.Alg;
import org.mydatakit.internal.Base64Url;
import org.mydatakit.internal.Checks;
import org.mydatakit.internal.Htu;
import org.mydatakit.internal.JwkRules;
import org.mydatakit.internal.JwsSigning;
import org.mydatakit.internal.KeyGeneration;
import org.mydatakit.internal.StrictJson;
import org.mydatakit.keys.SigningAlgorithm;

/**
 * A consumer's DPoP key (RFC 9449): grants are bound to its thumbprint, and every request to a
 * provider agency carries a fresh proof signed with it.
 *
 * <pre>{@code
 * DpopKey key = DpopKey.generate();
 * String jkt = key.thumbprint();                        // give to the broker when asking for a grant
 * String proof = key.proof("GET", url, grant.token());  // send as the DPoP header
 * String tokenEndpointProof = key.proof("POST", brokerGrantsUrl); // no grant yet: no ath
 * }</pre>
 *
 * <p>Immutable and thread-safe; each proof has a new random {@code jti}. {@link #toString()} never
 * shows key material.
 */
public final class DpopKey {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final JWK key;
  private final JwsSigning signing;
  private final String thumbprint;
  private final Clock clock;

  private DpopKey(JWK key, Clock clock) {
    this.key = key;
    this.signing = JwsSigning.with(key);
    this.clock = clock;
    try {
      this.thumbprint = key.toPublicJWK().computeThumbprint().toString();
    } catch (JOSEException e) {
      throw new IllegalStateException("thumbprint failed", e);
    }
  }

  /** Generates a new ES256 DPoP key. */
  public static DpopKey generate() {
    return generate(SigningAlgorithm.ES256);
  }

  /** Generates a new DPoP key for {@code algorithm}. */
  public static DpopKey generate(SigningAlgorithm algorithm) {
    return new DpopKey(
        KeyGeneration.newKey(Alg.valueOf(algorithm.name()), null), Clock.systemUTC());
  }

  /**
   * Loads a private JWK as written by {@link #exportPrivateJwk()}.
   *
   * @throws IllegalArgumentException if it is not a private ES256 or PS256 key under the key rules
   */
  public static DpopKey parse(String privateJwkJson) {
    ObjectNode node;
    try {
      node =
          StrictJson.object(
              Checks.notNull("dpop key", privateJwkJson).getBytes(StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("dpop key: expected one json object (a private jwk)");
    }
    return new DpopKey(JwkRules.parseKey(node, "dpop key", true), Clock.systemUTC());
  }

  /** Returns the same key whose proofs take their {@code iat} from {@code clock}. */
  public DpopKey withClock(Clock clock) {
    return new DpopKey(key, Checks.notNull("clock", clock));
  }

  /** The RFC 7638 SHA-256 thumbprint of the public key: the grant's {@code cnf.jkt}. */
  public String thumbprint() {
    return thumbprint;
  }

  /**
   * Creates a proof for one request: {@code htm}, {@code htu} (the URL without query and fragment),
   * {@code iat} now, a random {@code jti}, and {@code ath} = SHA-256 of {@code grant}.
   */
  public String proof(String method, URI url, String grant) {
    return sign(method, url, accessTokenHash(Checks.notNull("grant", grant)));
  }

  /**
   * Creates a proof for a request that presents no grant, such as the broker's token endpoint where
   * the grant is asked for: as {@link #proof(String, URI, String)} but without {@code ath} (RFC
   * 9449 §4.2). {@link DpopProofVerifier} accepts only such proofs, {@link GrantVerifier} never.
   */
  public String proof(String method, URI url) {
    return sign(method, url, null);
  }

  private String sign(String method, URI url, String ath) {
    if (method == null || !method.matches("[A-Z]{1,16}")) {
      throw new IllegalArgumentException("dpop proof: expected an upper-case http method");
    }
    byte[] jti = new byte[16];
    RANDOM.nextBytes(jti);
    ObjectNode claims = StrictJson.mapper().createObjectNode();
    claims.put("jti", Base64Url.encode(jti));
    claims.put("htm", method);
    claims.put("htu", Htu.normalize(Checks.notNull("url", url)));
    claims.put("iat", clock.instant().getEpochSecond());
    if (ath != null) {
      claims.put("ath", ath);
    }
    return signing.sign("dpop+jwt", claims.toString(), true);
  }

  /**
   * Exports the key <em>with its private part</em> as JWK JSON, for the consumer's key store.
   * Secret: store it with owner-only permissions and never log it.
   */
  public String exportPrivateJwk() {
    return key.toJSONString();
  }

  /** base64url(SHA-256(ASCII(token))): the {@code ath} of RFC 9449 §4.2. */
  static String accessTokenHash(String token) {
    try {
      return Base64Url.encode(
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "DpopKey[alg=" + key.getAlgorithm() + "]";
  }
}
