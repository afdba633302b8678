package org.mydatakit.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.text.ParseException;

/** Signs compact JWS with a private JWK; the key's own alg decides the algorithm. */
public final class JwsSigning {
  private final JWK key;
  private final JWSAlgorithm algorithm;
  private final JWSSigner signer;

  private JwsSigning(JWK key) {
    this.key = key;
    this.algorithm = JWSAlgorithm.parse(key.getAlgorithm().getName());
    try {
      this.signer =
          key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key, false);
    } catch (JOSEException e) {
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
      return new JwsSigning(JWKSet.parse(privateJwksJson).getKeys().get(0));
    } catch (ParseException e) {
      throw new IllegalStateException("signing keys: cannot read back the current key", e);
    }
  }

  /** A signer for the private key {@code key}. */
  public static JwsSigning with(JWK key) {
    return new JwsSigning(key);
  }

  /**
   * Signs {@code payloadJson} under a header of exactly {@code alg}, {@code typ} and either {@code
   * kid} or (for DPoP proofs) the public {@code jwk}.
   */
  public String sign(String typ, String payloadJson, boolean embedPublicJwk) {
    JWSHeader.Builder header = new JWSHeader.Builder(algorithm).type(new JOSEObjectType(typ));
    if (embedPublicJwk) {
      header.jwk(key.toPublicJWK());
    } else {
      header.keyID(key.getKeyID());
    }
    JWSObject jws = new JWSObject(header.build(), new Payload(payloadJson));
    try {
      jws.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("signing failed", e);
    }
    return jws.serialize();
  }
}
