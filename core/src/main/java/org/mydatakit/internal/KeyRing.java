package org.mydatakit.internal;

import com.nimbusds.jose.jwk.JWK;
import java.util.HashMap;
import java.util.Map;

/**
 * A verification key set prepared for use: each key's verifier built once, looked up by kid. Built
 * from the set's public JWK Set JSON (already checked by {@link JwkRules}), so that the public key
 * set type exposes no internal type; verifiers are built once, so the re-parse costs nothing per
 * token.
 */
public final class KeyRing {
  private final Map<String, VerificationKey> byKid;
  private final Alg algorithm;

  private KeyRing(Map<String, VerificationKey> byKid, Alg algorithm) {
    this.byKid = Map.copyOf(byKid);
    this.algorithm = algorithm;
  }

  /** Prepares the keys of a public JWK Set, checked again under {@link JwkRules}. */
  public static KeyRing of(String publicJwksJson) {
    return of(publicJwksJson, CryptoProvider.configured());
  }

  /** Prepares the keys of a public JWK Set for {@code provider}. */
  public static KeyRing of(String publicJwksJson, CryptoProvider provider) {
    Map<String, VerificationKey> byKid = new HashMap<>();
    Alg algorithm = null;
    for (JWK jwk : JwkRules.parseSet(publicJwksJson, false)) {
      byKid.put(
          jwk.getKeyID(),
          VerificationKey.of(
              jwk.getKeyID(), Alg.valueOf(jwk.getAlgorithm().getName()), jwk, provider));
      algorithm = Alg.valueOf(jwk.getAlgorithm().getName());
    }
    return new KeyRing(byKid, algorithm);
  }

  /** The key with this kid, or null. */
  public VerificationKey find(String kid) {
    return kid == null ? null : byKid.get(kid);
  }

  public Alg algorithm() {
    return algorithm;
  }

  @Override
  public String toString() {
    return "KeyRing[alg=" + algorithm + ", keys=" + byKid.size() + "]";
  }
}
