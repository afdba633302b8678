package org.mydatakit.internal;

import com.nimbusds.jose.jwk.JWK;
import java.util.HashMap;
import java.util.Map;
import org.mydatakit.grant.SigningAlgorithm;
import org.mydatakit.grant.VerificationKeySet;

/**
 * A verification key set prepared for use: each key's verifier built once, looked up by kid. Built
 * from the set's public JSON, so that the public {@link VerificationKeySet} exposes no internal
 * type; verifiers are built once, so the re-parse costs nothing per token.
 */
public final class KeyRing {
  private final Map<String, VerificationKey> byKid;
  private final SigningAlgorithm algorithm;

  private KeyRing(Map<String, VerificationKey> byKid, SigningAlgorithm algorithm) {
    this.byKid = Map.copyOf(byKid);
    this.algorithm = algorithm;
  }

  public static KeyRing of(VerificationKeySet set) {
    Map<String, VerificationKey> byKid = new HashMap<>();
    for (JWK jwk : JwkRules.parseSet(set.toJson(), false)) {
      byKid.put(
          jwk.getKeyID(),
          VerificationKey.of(
              jwk.getKeyID(), SigningAlgorithm.valueOf(jwk.getAlgorithm().getName()), jwk));
    }
    return new KeyRing(byKid, set.algorithm());
  }

  /** The key with this kid, or null. */
  public VerificationKey find(String kid) {
    return kid == null ? null : byKid.get(kid);
  }

  public SigningAlgorithm algorithm() {
    return algorithm;
  }

  @Override
  public String toString() {
    return "KeyRing[alg=" + algorithm + ", keys=" + byKid.size() + "]";
  }
}
