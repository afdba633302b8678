package org.mydatakit.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import java.math.BigInteger;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;

/**
 * One trusted public key with its algorithm, and the one signature check every verification path
 * (grants, DPoP proofs, status lists, Wycheproof vectors) goes through.
 */
public final class VerificationKey {
  private static final BigInteger P256_ORDER =
      new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
  private static final JWSHeader ES256_HEADER = new JWSHeader(JWSAlgorithm.ES256);
  private static final JWSHeader PS256_HEADER = new JWSHeader(JWSAlgorithm.PS256);

  private final String kid;
  private final Alg algorithm;
  private final JWK publicJwk;
  private final JWSVerifier verifier;

  private VerificationKey(String kid, Alg algorithm, JWK publicJwk, JWSVerifier v) {
    this.kid = kid;
    this.algorithm = algorithm;
    this.publicJwk = publicJwk;
    this.verifier = v;
  }

  /** Wraps a public JWK already checked by {@link JwkRules}. */
  public static VerificationKey of(String kid, Alg algorithm, JWK publicJwk) {
    try {
      JWSVerifier verifier =
          switch (algorithm) {
            case ES256 -> new ECDSAVerifier((ECKey) publicJwk);
            case PS256 -> new RSASSAVerifier((RSAKey) publicJwk);
          };
      return new VerificationKey(kid, algorithm, publicJwk, verifier);
    } catch (JOSEException | ClassCastException e) {
      throw new IllegalArgumentException(
          "verification key " + Checks.describe(kid) + ": expected a usable " + algorithm + " key");
    }
  }

  public String kid() {
    return kid;
  }

  public Alg algorithm() {
    return algorithm;
  }

  public JWK publicJwk() {
    return publicJwk;
  }

  /**
   * Verifies a JOSE signature ({@code r || s} for ES256) over {@code signingInput}. Never throws:
   * any fault is a failed verification.
   */
  public boolean verify(byte[] signingInput, byte[] signature) {
    try {
      if (algorithm == Alg.ES256) {
        if (!isLegalEs256(signature)) {
          return false;
        }
        return verifier.verify(ES256_HEADER, signingInput, Base64URL.encode(signature));
      }
      return verifier.verify(PS256_HEADER, signingInput, Base64URL.encode(signature));
    } catch (JOSEException | RuntimeException e) {
      return false;
    }
  }

  /** r and s must each lie in [1, n-1] (defends against CVE-2022-21449 in any runtime). */
  private static boolean isLegalEs256(byte[] signature) {
    if (signature.length != 64) {
      return false;
    }
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
    return r.signum() > 0
        && s.signum() > 0
        && r.compareTo(P256_ORDER) < 0
        && s.compareTo(P256_ORDER) < 0;
  }

  /** True if {@code key} is a P-256 public key (the only curve ES256 allows). */
  static boolean isP256(ECPublicKey key) {
    return key.getParams().getOrder().equals(P256_ORDER);
  }

  @Override
  public String toString() {
    return "VerificationKey[kid=" + Checks.describe(kid) + ", alg=" + algorithm + "]";
  }
}
