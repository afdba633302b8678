package org.mydatakit.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Locale;

/**
 * The JCA provider that signs and verifies ES256: BouncyCastle's provider by default (an instance
 * private to mydatakit, never added to the JVM's provider list), or the JDK's SunEC when the system
 * property {@value #PROPERTY} is {@code jdk}. PS256 always uses the JDK's SunRsaSign, which is
 * faster at RSA-PSS than BouncyCastle (measured with the benchmarks' {@code RawSignature}). The
 * property is read whenever a signer or a verification key is prepared, so it must be set before
 * mydatakit objects are built (in practice: {@code -Dmydatakit.crypto.provider=jdk} at JVM start).
 *
 * <p>Either way the same checks run before the provider sees a signature (see {@link
 * VerificationKey}); with {@code jdk}, or with PS256 keys only, the BouncyCastle classes are never
 * loaded, so the jar may then be left off the class path.
 */
public enum CryptoProvider {
  /** BouncyCastle's provider for ES256 (about 12× faster verification than SunEC on JDK 17). */
  BC,
  /** The JDK's providers, as {@code Signature.getInstance(name)} finds them. */
  JDK;

  /** The system property that chooses the provider: {@code bc} (the default) or {@code jdk}. */
  public static final String PROPERTY = "mydatakit.crypto.provider";

  private static final PSSParameterSpec PS256 =
      new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);

  /**
   * The provider the system property chooses now.
   *
   * @throws IllegalStateException if the property holds anything but {@code bc} or {@code jdk}
   */
  public static CryptoProvider configured() {
    return parse(System.getProperty(PROPERTY));
  }

  /** Reads a value of {@value #PROPERTY}: absent or {@code bc} is BC, {@code jdk} is JDK. */
  static CryptoProvider parse(String value) {
    if (value == null) {
      return BC;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "bc" -> BC;
      case "jdk" -> JDK;
      default ->
          throw new IllegalStateException(
              PROPERTY + ": expected bc or jdk, got " + Checks.describe(value));
    };
  }

  /** A new, uninitialised signature object for {@code algorithm} in JWS form. */
  Signature signature(Alg algorithm) throws GeneralSecurityException {
    if (algorithm == Alg.PS256) {
      Signature signature = Signature.getInstance("RSASSA-PSS");
      signature.setParameter(PS256);
      return signature;
    }
    return this == BC
        ? Signature.getInstance("SHA256withPLAIN-ECDSA", Bc.PROVIDER)
        : Signature.getInstance("SHA256withECDSAinP1363Format");
  }

  /** Whether BouncyCastle's own key objects serve {@code jwk}. */
  private boolean usesBouncyCastle(JWK jwk) {
    return this == BC && jwk instanceof ECKey;
  }

  /** The public key of {@code jwk} as this provider's own key object (converted once, here). */
  PublicKey publicKey(JWK jwk) throws GeneralSecurityException {
    try {
      PublicKey key =
          jwk instanceof ECKey ec ? ec.toECPublicKey() : ((RSAKey) jwk).toRSAPublicKey();
      return usesBouncyCastle(jwk)
          ? keyFactory().generatePublic(new X509EncodedKeySpec(key.getEncoded()))
          : key;
    } catch (JOSEException e) {
      throw new GeneralSecurityException("unusable public key", e);
    }
  }

  /** The private key of {@code jwk} as this provider's own key object (converted once, here). */
  PrivateKey privateKey(JWK jwk) throws GeneralSecurityException {
    try {
      PrivateKey key =
          jwk instanceof ECKey ec ? ec.toECPrivateKey() : ((RSAKey) jwk).toRSAPrivateKey();
      return usesBouncyCastle(jwk)
          ? keyFactory().generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()))
          : key;
    } catch (JOSEException e) {
      throw new GeneralSecurityException("unusable private key", e);
    }
  }

  private static KeyFactory keyFactory() throws GeneralSecurityException {
    return KeyFactory.getInstance("EC", Bc.PROVIDER);
  }

  /** Loaded on first use only, so that {@code jdk} never touches BouncyCastle. */
  private static final class Bc {
    static final Provider PROVIDER = new org.bouncycastle.jce.provider.BouncyCastleProvider();
  }
}
