package org.mydatakit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The encoding guards of {@link VerificationKey}, on their own and ahead of each provider: a
 * signature reaches a provider only in the one encoding JWS allows, so a provider's leniency never
 * decides. The fixed vectors are real signatures whose leading bytes happen to be zero, so that a
 * shorter re-encoding of the same values exists.
 */
class SignatureGuardsTest {
  private static final BigInteger N =
      new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
  private static final byte[] MESSAGE = "hello".getBytes(StandardCharsets.US_ASCII);

  /** A P-256 key and its signature over "hello" with r and s both below 2^248. */
  private static final String ES256_KEY =
      "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEgAoV18+SlW3+n2j7Vw5AjZLM39pIjQrKaCuwQzR3FunzMVrU"
          + "ppUUxHf05s4ny8c4V3cPLsKd1ivZfVb8FhSnpQ==";

  private static final String ES256_SIG =
      "002011503216f1f995ce77f4f28a5988dc0ae8c2d27f1265096c63be87d3b3b600a2217cd7e067324cf2"
          + "afec0e2c212fa6d1a06e384ed64c398f8ce4230c9553";

  /** An RSA-2048 key and its PSS signature over "hello" whose first byte is zero. */
  private static final String PS256_KEY =
      "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAuFAt7yOWiK1zqHjzUPF/U8jNC2578bKzVRJCOqA3"
          + "GD6w0OM6zUL6W8bAqIecV7VDMeGJpPEphapdVA+UIcFr2JBPO1VHBy0esMz3HEJm3U8Ss30EmwFaI1CnLRjn"
          + "o+OORhfKpEv9Ou/XsD8yDhrXGcfpU3AnXw+HCpE3uwAgTVz4z0gDjDNUQ80KqmNdOsJQRVCL7puwDjH7mCWM"
          + "jgGLvrQPMhlsQdi/n4JQjPtuHy2yOAuUzZeRBWi6ejiJ5NVQ3Q5k6j0Oqblsh6pYaI2YcUn4sKoTovZdqFGp"
          + "BEO+HVbjWrPaZJgBU9AQRMFjQUWhrrkpUP4OD+feUvehyoyZYwIDAQAB";

  private static final String PS256_SIG =
      "0045246df26bb631db4a0773479c6d4b2d13fa358087aecb66d64ebb1268920f7c6de2115cb2e1948884"
          + "b783491464d98c5c5a8135565568242c9d355baba7a9eb3e6f2c712f71d084d47773bdc0a972e193b7fb"
          + "668301fa3a5bd6c1edea5c0da3f9f0c254f5bad89b5269ee4d2667c12650fc54183b2815ac1e7b275e26"
          + "0199b5d2d1c7fcd0d98e793dff890427d0891e2d849b7378e7c3b86b788732b1c40fb78b98c1e7019b2a"
          + "4b1c77bc70bddc658e7a53420f177eca18ebd59b62def4ebaa01d8184cfd2494caddeaa131322ca952b5"
          + "cbebb82e66a8eb449ee71095a80f92bcd24247f4b2a2223889f14330269903bbf5c280a76d0320d9819b"
          + "7a9c1dc5";

  @Test
  void es256GuardRefusesEveryIllegalEncoding() {
    byte[] valid = HexFormat.of().parseHex(ES256_SIG);
    BigInteger r = new BigInteger(1, Arrays.copyOf(valid, 32));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(valid, 32, 64));
    BigInteger max = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
    assertThat(VerificationKey.isLegalEs256(rs(BigInteger.ZERO, BigInteger.ZERO))).isFalse();
    assertThat(VerificationKey.isLegalEs256(rs(BigInteger.ZERO, s))).isFalse();
    assertThat(VerificationKey.isLegalEs256(rs(r, BigInteger.ZERO))).isFalse();
    assertThat(VerificationKey.isLegalEs256(rs(N, s))).isFalse();
    assertThat(VerificationKey.isLegalEs256(rs(r, N))).isFalse();
    assertThat(VerificationKey.isLegalEs256(rs(N, N))).isFalse();
    assertThat(VerificationKey.isLegalEs256(rs(max, s))).isFalse();
    assertThat(VerificationKey.isLegalEs256(rs(r, max))).isFalse();
    assertThat(VerificationKey.isLegalEs256(new byte[0])).isFalse();
    assertThat(VerificationKey.isLegalEs256(shortForm(valid))).as("62 bytes").isFalse();
    assertThat(VerificationKey.isLegalEs256(Arrays.copyOf(valid, 63))).isFalse();
    assertThat(VerificationKey.isLegalEs256(Arrays.copyOf(valid, 65))).isFalse();
    assertThat(VerificationKey.isLegalEs256(concat(new byte[1], valid))).isFalse();
    assertThat(VerificationKey.isLegalEs256(Arrays.copyOf(valid, 128))).isFalse();
  }

  @Test
  void es256GuardAcceptsTheWholeRangeOneToNMinusOne() {
    BigInteger last = N.subtract(BigInteger.ONE);
    assertThat(VerificationKey.isLegalEs256(HexFormat.of().parseHex(ES256_SIG))).isTrue();
    assertThat(VerificationKey.isLegalEs256(rs(BigInteger.ONE, BigInteger.ONE))).isTrue();
    assertThat(VerificationKey.isLegalEs256(rs(last, last))).isTrue();
    assertThat(VerificationKey.isLegalEs256(rs(BigInteger.ONE, last))).isTrue();
    assertThat(VerificationKey.isLegalEs256(rs(last, BigInteger.ONE))).isTrue();
  }

  @Test
  void ps256GuardTakesExactlyTheModulusLength() throws Exception {
    VerificationKey key = ps256Key(CryptoProvider.JDK);
    byte[] valid = HexFormat.of().parseHex(PS256_SIG);
    assertThat(valid).hasSize(256);
    assertThat(key.isLegalPs256(valid)).isTrue();
    assertThat(key.isLegalPs256(new byte[256])).as("any 256 bytes pass the guard").isTrue();
    assertThat(key.isLegalPs256(Arrays.copyOfRange(valid, 1, 256))).isFalse();
    assertThat(key.isLegalPs256(concat(new byte[1], valid))).isFalse();
    assertThat(key.isLegalPs256(new byte[0])).isFalse();
    assertThat(key.isLegalPs256(new byte[512])).isFalse();
  }

  /**
   * SunEC alone accepts the same (r, s) written in 62 bytes instead of 64: a second encoding of one
   * signature. The guard refuses it whichever provider verifies; without the guard the JDK path
   * would accept it.
   */
  @ParameterizedTest
  @EnumSource(CryptoProvider.class)
  void es256ShortEncodingThatSunEcAcceptsIsRefused(CryptoProvider provider) throws Exception {
    byte[] valid = HexFormat.of().parseHex(ES256_SIG);
    byte[] shortForm = shortForm(valid);
    assertThat(rawSunEcVerify(shortForm)).as("raw SunEC accepts the 62-byte form").isTrue();

    VerificationKey key = es256Key(provider);
    assertThat(key.verify(MESSAGE, valid)).isTrue();
    assertThat(key.verify(MESSAGE, shortForm)).isFalse();
  }

  @ParameterizedTest
  @EnumSource(CryptoProvider.class)
  void es256OutOfRangeValuesNeverReachTheProvider(CryptoProvider provider) throws Exception {
    VerificationKey key = es256Key(provider);
    byte[] valid = HexFormat.of().parseHex(ES256_SIG);
    BigInteger r = new BigInteger(1, Arrays.copyOf(valid, 32));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(valid, 32, 64));
    assertThat(key.verify(MESSAGE, rs(BigInteger.ZERO, BigInteger.ZERO))).isFalse();
    assertThat(key.verify(MESSAGE, rs(N, s))).isFalse();
    assertThat(key.verify(MESSAGE, rs(r, N.add(BigInteger.ONE)))).isFalse();
    assertThat(key.verify(MESSAGE, concat(new byte[1], valid))).isFalse();
  }

  /**
   * BouncyCastle alone accepts a PSS signature with its leading zero byte dropped (255 bytes for a
   * 2048-bit key); the JDK refuses it. PS256 verifies with the JDK today, but the guard refuses it
   * ahead of any provider, should one that accepts it ever be used.
   */
  @ParameterizedTest
  @EnumSource(CryptoProvider.class)
  void ps256ShortEncodingThatBouncyCastleAcceptsIsRefused(CryptoProvider provider)
      throws Exception {
    byte[] valid = HexFormat.of().parseHex(PS256_SIG);
    byte[] shortForm = Arrays.copyOfRange(valid, 1, valid.length);
    assertThat(valid[0]).isZero();
    assertThat(rawBouncyCastlePssVerify(shortForm)).as("raw BC accepts 255 bytes").isTrue();

    VerificationKey key = ps256Key(provider);
    assertThat(key.verify(MESSAGE, valid)).isTrue();
    assertThat(key.verify(MESSAGE, shortForm)).isFalse();
    assertThat(key.verify(MESSAGE, concat(new byte[1], valid))).isFalse();
  }

  @ParameterizedTest
  @EnumSource(CryptoProvider.class)
  void verifyNeverThrows(CryptoProvider provider) throws Exception {
    for (VerificationKey key : new VerificationKey[] {es256Key(provider), ps256Key(provider)}) {
      byte[] valid = HexFormat.of().parseHex(key.algorithm() == Alg.ES256 ? ES256_SIG : PS256_SIG);
      assertThat(key.verify(MESSAGE, null)).isFalse();
      assertThat(key.verify(null, valid))
          .as("a provider failure is a failed verification")
          .isFalse();
      byte[] ones = new byte[valid.length];
      Arrays.fill(ones, (byte) 0xff);
      assertThat(key.verify(MESSAGE, ones)).isFalse();
      assertThat(key.provider()).isEqualTo(provider);
    }
  }

  @Test
  void aKeyOfTheWrongTypeIsRefusedWithoutQuotingIt() throws Exception {
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () ->
                    VerificationKey.of(
                        "k1",
                        Alg.PS256,
                        es256Key(CryptoProvider.JDK).publicJwk(),
                        CryptoProvider.BC)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("verification key 'k1': expected a usable PS256 key");
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () ->
                    VerificationKey.of(
                        "k2",
                        Alg.ES256,
                        ps256Key(CryptoProvider.JDK).publicJwk(),
                        CryptoProvider.JDK)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("verification key 'k2': expected a usable ES256 key");
  }

  static VerificationKey es256Key(CryptoProvider provider) throws Exception {
    ECPublicKey pub = (ECPublicKey) publicKey("EC", ES256_KEY);
    ECKey jwk =
        new ECKey.Builder(Curve.P_256, pub).keyID("es").algorithm(JWSAlgorithm.ES256).build();
    return VerificationKey.of("es", Alg.ES256, jwk, provider);
  }

  static VerificationKey ps256Key(CryptoProvider provider) throws Exception {
    RSAPublicKey pub = (RSAPublicKey) publicKey("RSA", PS256_KEY);
    RSAKey jwk = new RSAKey.Builder(pub).keyID("ps").algorithm(JWSAlgorithm.PS256).build();
    return VerificationKey.of("ps", Alg.PS256, jwk, provider);
  }

  private static PublicKey publicKey(String algorithm, String base64) throws Exception {
    return KeyFactory.getInstance(algorithm)
        .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }

  private static boolean rawSunEcVerify(byte[] signature) throws Exception {
    Signature raw = Signature.getInstance("SHA256withECDSAinP1363Format", "SunEC");
    raw.initVerify(publicKey("EC", ES256_KEY));
    raw.update(MESSAGE);
    return raw.verify(signature);
  }

  private static boolean rawBouncyCastlePssVerify(byte[] signature) throws Exception {
    Signature raw = Signature.getInstance("RSASSA-PSS", new BouncyCastleProvider());
    raw.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
    raw.initVerify(publicKey("RSA", PS256_KEY));
    raw.update(MESSAGE);
    return raw.verify(signature);
  }

  /** r and s, each written in 31 bytes: both values are below 2^248. */
  private static byte[] shortForm(byte[] signature) {
    assertThat(signature[0]).isZero();
    assertThat(signature[32]).isZero();
    return concat(Arrays.copyOfRange(signature, 1, 32), Arrays.copyOfRange(signature, 33, 64));
  }

  private static byte[] rs(BigInteger r, BigInteger s) {
    return concat(fixed(r), fixed(s));
  }

  private static byte[] fixed(BigInteger value) {
    byte[] bytes = value.toByteArray();
    byte[] out = new byte[32];
    int n = Math.min(bytes.length, 32);
    System.arraycopy(bytes, bytes.length - n, out, 32 - n, n);
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
