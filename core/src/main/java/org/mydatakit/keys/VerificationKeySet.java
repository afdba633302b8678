package org.mydatakit.keys;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.mydatakit.internal.JwkRules;

/**
 * The broker's public keys as a provider agency trusts them: a JWK Set loaded with key hygiene.
 *
 * <p>Loading rejects, naming the offending key: symmetric keys, RSA keys under 2048 bits, keys
 * without {@code kid} or {@code alg}, algorithms other than ES256 and PS256, an {@code alg} that
 * does not fit the key (ES256 on anything but P-256), {@code use} other than {@code sig}, {@code
 * key_ops} without {@code verify}, private key material, duplicate {@code kid}s, and mixed sets
 * (keys of different algorithms: one issuer signs with one algorithm, so an attacker can never
 * choose which verification path a token takes).
 *
 * <pre>{@code
 * VerificationKeySet brokerKeys = VerificationKeySet.parse(Files.readString(Path.of("public.jwks.json")));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class VerificationKeySet {
  private final List<JWK> keys;
  private final SigningAlgorithm algorithm;

  private VerificationKeySet(List<JWK> keys) {
    this.keys = keys;
    this.algorithm = SigningAlgorithm.valueOf(keys.get(0).getAlgorithm().getName());
  }

  /**
   * Parses a JWK Set of public keys under the rules above.
   *
   * @throws IllegalArgumentException naming the key and the rule it breaks
   */
  public static VerificationKeySet parse(String jwksJson) {
    return new VerificationKeySet(JwkRules.parseSet(jwksJson, false));
  }

  /**
   * This set followed by the keys of {@code archived} not already in it: how receipts and
   * checkpoints signed by a retired key keep verifying (a verify-only archive). Grants are still
   * verified with the published set alone.
   *
   * <pre>{@code
   * VerificationKeySet forReceipts = broker.verificationKeys().with(archivedKeys);
   * }</pre>
   *
   * @throws IllegalArgumentException if the algorithms differ
   */
  public VerificationKeySet with(VerificationKeySet archived) {
    if (archived.algorithm != algorithm) {
      throw new IllegalArgumentException(
          "key archive: expected " + algorithm + " keys, got " + archived.algorithm);
    }
    List<JWK> all = new java.util.ArrayList<>(keys);
    for (JWK k : archived.keys) {
      if (all.stream().noneMatch(mine -> mine.getKeyID().equals(k.getKeyID()))) {
        all.add(k);
      }
    }
    return new VerificationKeySet(List.copyOf(all));
  }

  /** The key ids, in the order of the set (the broker's current key first). */
  public Set<String> keyIds() {
    Set<String> ids = new LinkedHashSet<>();
    keys.forEach(k -> ids.add(k.getKeyID()));
    return Set.copyOf(ids);
  }

  /** The algorithm every key in the set is for. */
  public SigningAlgorithm algorithm() {
    return algorithm;
  }

  /** The set as JWK Set JSON, as published at the broker's {@code jwks.json}. */
  public String toJson() {
    return new JWKSet(keys).toString(true);
  }

  @Override
  public String toString() {
    return "VerificationKeySet[alg=" + algorithm + ", keys=" + keys.size() + "]";
  }
}
