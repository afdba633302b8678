package org.mydatakit.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;

/**
 * What the grant benchmarks share: a broker key set of one algorithm, its keys as JDK objects, and
 * grants minted byte for byte as the broker mints them (the claims of docs/architecture.md, section
 * 5), each with a random {@code jti} so that no two tokens are equal.
 */
final class Grants {
  static final String ISSUER = "https://broker.example";
  static final AgencyId SELF = AgencyId.of("NHIS");
  static final ItemCode ITEM = ItemCode.of("nhis.qualification");
  static final URI URL = URI.create("https://api.nhis.example/mydata/v1/items/nhis.qualification");
  static final String TYPE = "mydata-grant+jwt";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  final SigningAlgorithm algorithm;
  final SigningKeySet keys;
  final PrivateKey privateKey;
  final PublicKey publicKey;
  final JWK publicJwk;

  Grants(SigningAlgorithm algorithm) {
    this.algorithm = algorithm;
    this.keys = SigningKeySet.generate(algorithm);
    try {
      JWK key = JWKSet.parse(keys.exportPrivateJwks()).getKeys().get(0);
      if (key instanceof ECKey ec) {
        privateKey = ec.toECPrivateKey();
        publicKey = ec.toECPublicKey();
      } else {
        privateKey = ((RSAKey) key).toRSAPrivateKey();
        publicKey = ((RSAKey) key).toRSAPublicKey();
      }
      publicJwk = key.toPublicJWK();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A JDK signature object for this algorithm (SunEC or SunRsaSign). */
  static Signature signature(SigningAlgorithm algorithm) {
    return signature(algorithm, null);
  }

  /**
   * A signature object for this algorithm from {@code provider}, or from the JDK's providers if it
   * is null: the JWS form ({@code r || s} for ES256; PSS with SHA-256, MGF1-SHA-256, 32-byte salt).
   */
  static Signature signature(SigningAlgorithm algorithm, Provider provider) {
    try {
      if (algorithm == SigningAlgorithm.ES256) {
        return provider == null
            ? Signature.getInstance("SHA256withECDSAinP1363Format")
            : Signature.getInstance("SHA256withPLAIN-ECDSA", provider);
      }
      Signature s =
          provider == null
              ? Signature.getInstance("RSASSA-PSS")
              : Signature.getInstance("RSASSA-PSS", provider);
      s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
      return s;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The provider mydatakit signs and verifies this algorithm with by default: BouncyCastle's for
   * ES256, the JDK's (null) for PS256.
   */
  static Provider libraryProvider(SigningAlgorithm algorithm) {
    return algorithm == SigningAlgorithm.ES256 ? new BouncyCastleProvider() : null;
  }

  /** The public key as {@code provider}'s own key object (as the library prepares it), or as is. */
  PublicKey publicKey(Provider provider) throws Exception {
    return provider == null
        ? publicKey
        : KeyFactory.getInstance(publicKey.getAlgorithm(), provider)
            .generatePublic(new X509EncodedKeySpec(publicKey.getEncoded()));
  }

  /** The private key as {@code provider}'s own key object, or as is. */
  PrivateKey privateKey(Provider provider) throws Exception {
    return provider == null
        ? privateKey
        : KeyFactory.getInstance(privateKey.getAlgorithm(), provider)
            .generatePrivate(new PKCS8EncodedKeySpec(privateKey.getEncoded()));
  }

  /** A valid grant for {@link #SELF}, bound to {@code jkt}, status slot {@code idx}. */
  String mint(String jkt, long idx) {
    ObjectNode h = JSON.createObjectNode();
    h.put("typ", TYPE);
    h.put("alg", algorithm.name());
    h.put("kid", keys.currentKeyId());
    ObjectNode c = JSON.createObjectNode();
    long now = Instant.now().getEpochSecond();
    byte[] jti = new byte[16];
    RANDOM.nextBytes(jti);
    c.put("iss", ISSUER);
    c.put("aud", SELF.value());
    c.put("sub", "c3ViamVjdC1hdC1uaGlzLWZvci10ZXN0LW9ubHktMDAx");
    c.put("azp", "KB-BANK");
    c.put("cid", "0190b8c2-7d3e-7abc-8def-0123456789ab");
    c.put("scope", "nhis.premium nhis.qualification");
    c.put("pur", "loan-screening");
    c.put("iat", now);
    c.put("nbf", now);
    c.put("exp", now + 300);
    c.put("jti", b64(jti));
    c.putObject("cnf").put("jkt", jkt);
    ObjectNode list = c.putObject("status").putObject("status_list");
    list.put("idx", idx);
    list.put("uri", ISSUER + "/status/1");
    String input =
        b64(h.toString().getBytes(StandardCharsets.UTF_8))
            + "."
            + b64(c.toString().getBytes(StandardCharsets.UTF_8));
    return input + "." + b64(sign(input.getBytes(StandardCharsets.US_ASCII)));
  }

  byte[] sign(byte[] input) {
    try {
      Signature s = signature(algorithm);
      s.initSign(privateKey);
      s.update(input);
      return s.sign();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
