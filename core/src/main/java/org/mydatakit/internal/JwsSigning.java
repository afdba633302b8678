package org.mydatakit.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.text.ParseException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signs compact JWS with a private JWK through the {@link CryptoProvider}; the key's own alg
 * decides the algorithm.
 */
public final class JwsSigning {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final JWK key;
  private final Alg algorithm;
  private final CryptoProvider provider;
  private final PrivateKey privateKey;
  private final ConcurrentHashMap<String, String> headers = new ConcurrentHashMap<>();

  private JwsSigning(JWK key, CryptoProvider provider) {
    this.key = key;
    this.provider = provider;
    try {
      this.algorithm = Alg.valueOf(key.getAlgorithm().getName());
      this.privateKey = provider.privateKey(key);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalStateException("cannot sign with key " + Checks.describe(key.getKeyID()), e);
    }
  }

  /**
   * A signer for the current (first) key of a private JWK Set: the key is read from the JSON once,
   * when the signer is built.
   */
  public static JwsSigning current(String privateJwksJson) {
    Checks.notNull("signing keys", privateJwksJson);
    try {
      return new JwsSigning(
          JWKSet.parse(privateJwksJson).getKeys().get(0), CryptoProvider.configured());
    } catch (ParseException e) {
      throw new IllegalStateException("signing keys: cannot read back the current key", e);
    }
  }

  /** A signer for the private key {@code key}, with the configured provider. */
  public static JwsSigning with(JWK key) {
    return new JwsSigning(key, CryptoProvider.configured());
  }

  /** A signer for the private key {@code key}, with {@code provider}. */
  public static JwsSigning with(JWK key, CryptoProvider provider) {
    return new JwsSigning(key, provider);
  }

  /**
   * Signs {@code payloadJson} under a header of exactly {@code alg}, {@code typ} and either {@code
   * kid} or (for DPoP proofs) the public {@code jwk}.
   */
  public String sign(String typ, String payloadJson, boolean embedPublicJwk) {
    String header = headers.computeIfAbsent(embedPublicJwk + typ, k -> header(typ, embedPublicJwk));
    String signingInput =
        header + "." + Base64Url.encode(payloadJson.getBytes(StandardCharsets.UTF_8));
    try {
      Signature signer = provider.signature(algorithm);
      signer.initSign(privateKey, RANDOM);
      signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + Base64Url.encode(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("signing failed", e);
    }
  }

  /** The base64url header: {@code alg}, {@code typ}, then {@code kid} or the public {@code jwk}. */
  private String header(String typ, boolean embedPublicJwk) {
    ObjectNode header = StrictJson.mapper().createObjectNode();
    header.put("alg", algorithm.name());
    header.put("typ", typ);
    if (embedPublicJwk) {
      header.set(
          "jwk",
          StrictJson.object(key.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8)));
    } else {
      header.put("kid", key.getKeyID());
    }
    return Base64Url.encode(header.toString().getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "JwsSigning[alg=" + algorithm + "]";
  }
}
