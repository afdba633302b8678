package org.mydatakit.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.JWKGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

/** New private signing keys: P-256 for ES256, RSA-2048 for PS256, {@code use} sig. */
public final class KeyGeneration {
  private KeyGeneration() {}

  /** A new private key for {@code algorithm}, with {@code kid} or, if null, its thumbprint. */
  public static JWK newKey(Alg algorithm, String kid) {
    JWKGenerator<? extends JWK> generator =
        switch (algorithm) {
          case ES256 -> new ECKeyGenerator(Curve.P_256).algorithm(JWSAlgorithm.ES256);
          case PS256 -> new RSAKeyGenerator(2048).algorithm(JWSAlgorithm.PS256);
        };
    generator.keyUse(KeyUse.SIGNATURE);
    if (kid == null) {
      generator.keyIDFromThumbprint(true);
    } else {
      generator.keyID(kid);
    }
    try {
      return generator.generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("key generation failed for " + algorithm, e);
    }
  }
}
