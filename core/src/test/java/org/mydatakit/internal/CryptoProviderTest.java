package org.mydatakit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.Security;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;

/**
 * Choosing the provider. The core test suite runs twice (see core's pom): once as it is, on
 * BouncyCastle, and the signature tests once more with {@code -Dmydatakit.crypto.provider=jdk};
 * {@link #keysFollowTheProperty()} proves in each run which provider the suite really used.
 */
class CryptoProviderTest {

  @Test
  void absentOrBcMeansBouncyCastleAndJdkMeansTheJdk() {
    assertThat(CryptoProvider.parse(null)).isEqualTo(CryptoProvider.BC);
    assertThat(CryptoProvider.parse("bc")).isEqualTo(CryptoProvider.BC);
    assertThat(CryptoProvider.parse(" BC ")).isEqualTo(CryptoProvider.BC);
    assertThat(CryptoProvider.parse("jdk")).isEqualTo(CryptoProvider.JDK);
    assertThat(CryptoProvider.parse("JDK")).isEqualTo(CryptoProvider.JDK);
  }

  @Test
  void anyOtherValueIsAConfigurationErrorNeverAFallback() {
    for (String value : new String[] {"", "sun", "SunEC", "bouncycastle"}) {
      assertThatThrownBy(() -> CryptoProvider.parse(value))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("mydatakit.crypto.provider: expected bc or jdk, got ");
    }
  }

  @Test
  void keysFollowTheProperty() {
    CryptoProvider expected = CryptoProvider.parse(System.getProperty(CryptoProvider.PROPERTY));
    assertThat(CryptoProvider.configured()).isEqualTo(expected);
    SigningKeySet keys = SigningKeySet.generate(SigningAlgorithm.ES256);
    KeyRing ring = KeyRing.of(keys.verificationKeys().toJson());
    assertThat(ring.find(keys.currentKeyId()).provider()).isEqualTo(expected);
  }

  @Test
  void aPropertySetLaterAppliesToKeysPreparedLater() {
    String before = System.getProperty(CryptoProvider.PROPERTY);
    SigningKeySet keys = SigningKeySet.generate(SigningAlgorithm.ES256);
    try {
      for (CryptoProvider provider : CryptoProvider.values()) {
        System.setProperty(CryptoProvider.PROPERTY, provider.name().toLowerCase());
        VerificationKey key =
            KeyRing.of(keys.verificationKeys().toJson()).find(keys.currentKeyId());
        assertThat(key.provider()).isEqualTo(provider);
        String token = JwsSigning.current(keys.exportPrivateJwks()).sign("t", "{}", false);
        assertThat(verifies(token, key)).isTrue();
      }
      System.setProperty(CryptoProvider.PROPERTY, "nonsense");
      assertThatThrownBy(() -> JwsSigning.current(keys.exportPrivateJwks()))
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> KeyRing.of(keys.verificationKeys().toJson()))
          .isInstanceOf(IllegalStateException.class);
    } finally {
      if (before == null) {
        System.clearProperty(CryptoProvider.PROPERTY);
      } else {
        System.setProperty(CryptoProvider.PROPERTY, before);
      }
    }
  }

  @Test
  void bouncyCastleIsNeverAddedToTheJvmProviders() throws Exception {
    SigningKeySet keys = SigningKeySet.generate(SigningAlgorithm.ES256);
    String token =
        JwsSigning.with(
                com.nimbusds.jose.jwk.JWKSet.parse(keys.exportPrivateJwks()).getKeys().get(0),
                CryptoProvider.BC)
            .sign("t", "{}", false);
    assertThat(token).isNotEmpty();
    assertThat(Arrays.stream(Security.getProviders()).map(p -> p.getName())).doesNotContain("BC");
  }

  /**
   * With {@code jdk} no key or signature object comes from BouncyCastle (so its jar may be left
   * out); with {@code bc} ES256 uses BouncyCastle's own key objects, converted once, and PS256 the
   * JDK's SunRsaSign either way.
   */
  @Test
  void eachProviderHandsOutItsOwnKeysAndSignatures() throws Exception {
    for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
      com.nimbusds.jose.jwk.JWK key =
          com.nimbusds.jose.jwk.JWKSet.parse(SigningKeySet.generate(algorithm).exportPrivateJwks())
              .getKeys()
              .get(0);
      Alg alg = Alg.valueOf(algorithm.name());
      for (CryptoProvider provider : CryptoProvider.values()) {
        boolean bouncyCastle = provider == CryptoProvider.BC && alg == Alg.ES256;
        String expected = bouncyCastle ? "BC" : alg == Alg.ES256 ? "SunEC" : "SunRsaSign";
        assertThat(provider.signature(alg).getProvider().getName())
            .as("%s %s", provider, alg)
            .isEqualTo(expected);
        assertThat(fromBouncyCastle(provider.publicKey(key.toPublicJWK())))
            .as("%s %s public key", provider, alg)
            .isEqualTo(bouncyCastle);
        assertThat(fromBouncyCastle(provider.privateKey(key)))
            .as("%s %s private key", provider, alg)
            .isEqualTo(bouncyCastle);
      }
    }
  }

  private static boolean fromBouncyCastle(Object key) {
    return key.getClass().getName().startsWith("org.bouncycastle.");
  }

  /** Verifies a token's signature with one key, as the envelope check would. */
  private static boolean verifies(String token, VerificationKey key) {
    try {
      CompactJws jws = CompactJws.parse(token, JwsCheck.MAX_TOKEN_LENGTH);
      return key.verify(jws.signingInput(), jws.signature());
    } catch (JwsException e) {
      return false;
    }
  }
}
