package org.mydatakit.keys;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.util.ArrayList;
import java.util.List;
import org.mydatakit.internal.Alg;
import org.mydatakit.internal.Checks;
import org.mydatakit.internal.JwkRules;
import org.mydatakit.internal.KeyGeneration;

/**
 * The broker's private signing keys: the current key, which signs, and previous keys kept so that
 * tokens they signed still verify until they are retired.
 *
 * <p>The key decides the algorithm: there is no algorithm parameter anywhere a token is signed. Key
 * ids are assigned automatically (the key's RFC 7638 thumbprint) unless one is given.
 *
 * <pre>{@code
 * SigningKeySet keys = SigningKeySet.generate(SigningAlgorithm.ES256);
 * SigningKeySet rotated = keys.rotate();                  // new current key, old one still verifies
 * String jwks = rotated.verificationKeys().toJson();      // publish at /.well-known/jwks.json
 * String secret = rotated.exportPrivateJwks();            // private: store with mode 600
 * }</pre>
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows key material.
 */
public final class SigningKeySet {
  private final List<JWK> keys; // current first

  private SigningKeySet(List<JWK> keys) {
    this.keys = List.copyOf(keys);
  }

  /** Generates a set holding one new key for {@code algorithm}, with a thumbprint kid. */
  public static SigningKeySet generate(SigningAlgorithm algorithm) {
    return new SigningKeySet(List.of(newKey(algorithm, null)));
  }

  /** Generates a set holding one new key for {@code algorithm} with the given kid. */
  public static SigningKeySet generate(SigningAlgorithm algorithm, String kid) {
    return new SigningKeySet(List.of(newKey(algorithm, Checks.kid(kid))));
  }

  /**
   * Loads a private JWK Set as written by {@link #exportPrivateJwks()}: the first key is the
   * current one.
   *
   * @throws IllegalArgumentException naming the key and the rule it breaks (see {@link
   *     VerificationKeySet} for the rules; here every key must also hold its private part)
   */
  public static SigningKeySet parse(String privateJwksJson) {
    return new SigningKeySet(JwkRules.parseSet(privateJwksJson, true));
  }

  /** Returns a set whose current key is new (same algorithm); every old key is kept. */
  public SigningKeySet rotate() {
    List<JWK> next = new ArrayList<>();
    next.add(newKey(algorithm(), null));
    next.addAll(keys);
    return new SigningKeySet(next);
  }

  /**
   * Returns a set without the previous key {@code kid}: tokens it signed stop verifying once
   * providers reload the public set.
   *
   * @throws IllegalArgumentException if {@code kid} is the current key or not in the set
   */
  public SigningKeySet retire(String kid) {
    if (currentKeyId().equals(kid)) {
      throw new IllegalArgumentException("retire: cannot retire the current key; rotate first");
    }
    List<JWK> next = new ArrayList<>(keys);
    if (!next.removeIf(k -> k.getKeyID().equals(kid))) {
      throw new IllegalArgumentException("retire: expected a key id of this set, got another");
    }
    return new SigningKeySet(next);
  }

  /** The algorithm of the current key (and of every key in the set). */
  public SigningAlgorithm algorithm() {
    return SigningAlgorithm.valueOf(keys.get(0).getAlgorithm().getName());
  }

  /** The kid of the current key: the one new tokens name. */
  public String currentKeyId() {
    return keys.get(0).getKeyID();
  }

  /** The public keys, current first, for providers to verify with. */
  public VerificationKeySet verificationKeys() {
    return VerificationKeySet.parse(new JWKSet(keys).toString(true));
  }

  /**
   * Exports the whole set <em>with its private keys</em>, as JWK Set JSON (current key first), for
   * the broker's key store. Secret: store it with owner-only permissions and never log it. What
   * providers get is {@link #verificationKeys()}.
   */
  public String exportPrivateJwks() {
    return new JWKSet(keys).toString(false);
  }

  private static JWK newKey(SigningAlgorithm algorithm, String kid) {
    return KeyGeneration.newKey(Alg.valueOf(algorithm.name()), kid);
  }

  @Override
  public String toString() {
    return "SigningKeySet[alg=" + algorithm() + ", keys=" + keys.size() + "]";
  }
}
