package org.mydatakit.internal;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;

/**
 * One trusted public key with its algorithm, and the one signature check every verification path
 * (grants, DPoP proofs, status lists, receipts, checkpoints, Wycheproof vectors) goes through: the
 * encoding guards below, then {@link Signature} of the {@link CryptoProvider} over the raw signing
 * input and signature bytes.
 */
public final class VerificationKey {
  private static final BigInteger P256_ORDER =
      new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

  private final String kid;
  private final Alg algorithm;
  private final JWK publicJwk;
  private final CryptoProvider provider;
  private final PublicKey publicKey;
  private final int signatureLength; // PS256: the modulus length in bytes

  private VerificationKey(
      String kid, Alg algorithm, JWK publicJwk, CryptoProvider provider, PublicKey publicKey) {
    this.kid = kid;
    this.algorithm = algorithm;
    this.publicJwk = publicJwk;
    this.provider = provider;
    this.publicKey = publicKey;
    this.signatureLength =
        algorithm == Alg.ES256
            ? 0
            : (((RSAKey) publicJwk).getModulus().decodeToBigInteger().bitLength() + 7) / 8;
  }

  /** Wraps a public JWK already checked by {@link JwkRules}, for the configured provider. */
  public static VerificationKey of(String kid, Alg algorithm, JWK publicJwk) {
    return of(kid, algorithm, publicJwk, CryptoProvider.configured());
  }

  /** Wraps a public JWK already checked by {@link JwkRules}, for {@code provider}. */
  public static VerificationKey of(
      String kid, Alg algorithm, JWK publicJwk, CryptoProvider provider) {
    if (algorithm == Alg.ES256 ? publicJwk instanceof ECKey : publicJwk instanceof RSAKey) {
      try {
        return new VerificationKey(
            kid, algorithm, publicJwk, provider, provider.publicKey(publicJwk));
      } catch (GeneralSecurityException | RuntimeException e) {
        // fall through: the same refusal as a key of the wrong type
      }
    }
    throw new IllegalArgumentException(
        "verification key " + Checks.describe(kid) + ": expected a usable " + algorithm + " key");
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
   * Whether {@code other} is this same key: one algorithm and one public JWK (the same material
   * under the same kid). A key replaced under its kid is not the same key.
   */
  public boolean sameKeyAs(VerificationKey other) {
    return other != null
        && (other == this || (algorithm == other.algorithm && publicJwk.equals(other.publicJwk)));
  }

  /** The provider this key verifies with. */
  public CryptoProvider provider() {
    return provider;
  }

  /**
   * Verifies a JOSE signature ({@code r || s} for ES256) over {@code signingInput}. Never throws:
   * any fault is a failed verification.
   */
  public boolean verify(byte[] signingInput, byte[] signature) {
    if (signature == null
        || (algorithm == Alg.ES256 ? !isLegalEs256(signature) : !isLegalPs256(signature))) {
      return false; // never left to a provider: SunEC takes short ECDSA, BC short PSS encodings
    }
    try {
      Signature verifier = provider.signature(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(signingInput);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /**
   * The ECDSA guard, ahead of any provider: exactly 64 bytes, r and s each in [1, n-1] (defends
   * against CVE-2022-21449 in any runtime, and against every other encoding of a signature).
   */
  static boolean isLegalEs256(byte[] signature) {
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

  /**
   * The RSASSA-PSS guard, ahead of any provider: exactly as many bytes as the modulus (RFC 8017
   * §8.1.2 step 1; BouncyCastle alone also takes a signature with its leading zero bytes dropped).
   */
  boolean isLegalPs256(byte[] signature) {
    return signature.length == signatureLength;
  }

  @Override
  public String toString() {
    return "VerificationKey[kid=" + Checks.describe(kid) + ", alg=" + algorithm + "]";
  }
}
