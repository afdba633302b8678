package org.mydatakit.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.function.Consumer;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.grant.InvalidGrantException.Reason;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;

/**
 * Mints grants and proofs with full control over every byte, for tests that attack the verifier.
 */
final class GrantFixture {
  static final String ISSUER = "https://broker.example";
  static final AgencyId SELF = AgencyId.of("NHIS");
  static final ItemCode ITEM = ItemCode.of("nhis.qualification");
  static final URI URL = URI.create("https://api.nhis.example/mydata/v1/items/nhis.qualification");
  static final Instant NOW = Instant.parse("2026-11-27T03:00:00Z");
  static final String SUBJECT = "c3ViamVjdC1hdC1uaGlzLWZvci10ZXN0LW9ubHktMDAx";
  static final String CONSENT_ID = "0190b8c2-7d3e-7abc-8def-0123456789ab";
  static final ObjectMapper JSON = new ObjectMapper();

  final SigningAlgorithm algorithm;
  final SigningKeySet keys;
  final JWK brokerKey;
  final DpopKey dpop;
  final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

  GrantFixture(SigningAlgorithm algorithm) {
    this(algorithm, SigningKeySet.generate(algorithm));
  }

  GrantFixture(SigningAlgorithm algorithm, SigningKeySet keys) {
    this.algorithm = algorithm;
    this.keys = keys;
    try {
      this.brokerKey = JWKSet.parse(keys.exportPrivateJwks()).getKeys().get(0);
    } catch (java.text.ParseException e) {
      throw new AssertionError(e);
    }
    this.dpop = DpopKey.generate().withClock(clock);
  }

  ObjectNode header() {
    ObjectNode h = JSON.createObjectNode();
    h.put("typ", "mydata-grant+jwt");
    h.put("alg", algorithm.name());
    h.put("kid", keys.currentKeyId());
    return h;
  }

  ObjectNode claims() {
    ObjectNode c = JSON.createObjectNode();
    long now = NOW.getEpochSecond();
    c.put("iss", ISSUER);
    c.put("aud", SELF.value());
    c.put("sub", SUBJECT);
    c.put("azp", "KB-BANK");
    c.put("cid", CONSENT_ID);
    c.put("scope", "nhis.qualification nhis.premium");
    c.put("pur", "loan-screening");
    c.put("iat", now - 10);
    c.put("nbf", now - 10);
    c.put("exp", now + 290);
    c.put("jti", "grant-jti-0001");
    c.putObject("cnf").put("jkt", dpop.thumbprint());
    ObjectNode list = c.putObject("status").putObject("status_list");
    list.put("idx", 42);
    list.put("uri", "https://broker.example/status/1");
    return c;
  }

  /** A valid grant. */
  String token() {
    return sign(header(), claims());
  }

  /** A valid grant with the claims changed by {@code edit}. */
  String tokenWith(Consumer<ObjectNode> edit) {
    ObjectNode c = claims();
    edit.accept(c);
    return sign(header(), c);
  }

  String sign(ObjectNode header, ObjectNode claims) {
    return signRaw(header.toString(), claims.toString(), brokerKey);
  }

  /** Signs exactly these header and payload texts with {@code key} (its alg decides). */
  static String signRaw(String header, String payload, JWK key) {
    String input = b64(header) + "." + b64(payload);
    return input + "." + b64(rawSignature(input.getBytes(StandardCharsets.US_ASCII), key));
  }

  static byte[] rawSignature(byte[] input, JWK key) {
    try {
      Signature s;
      PrivateKey priv;
      if (key instanceof ECKey ec) {
        s = Signature.getInstance("SHA256withECDSAinP1363Format");
        priv = ec.toECPrivateKey();
      } else {
        s = Signature.getInstance("RSASSA-PSS");
        s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        priv = ((RSAKey) key).toRSAPrivateKey();
      }
      s.initSign(priv);
      s.update(input);
      return s.sign();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static String b64(String text) {
    return b64(text.getBytes(StandardCharsets.UTF_8));
  }

  static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  GrantVerifier.Builder verifierBuilder() {
    return GrantVerifier.builder()
        .trustedIssuer(ISSUER, keys.verificationKeys())
        .audience(SELF)
        .withoutRevocationCheck()
        .clock(clock);
  }

  GrantVerifier verifier() {
    return verifierBuilder().build();
  }

  /** A request for {@link #ITEM} at {@link #URL} with a fresh, valid proof. */
  GrantRequest request(String token) {
    return request(token, dpop.proof("GET", URL, token));
  }

  GrantRequest request(String token, String proof) {
    return GrantRequest.builder()
        .grant(token)
        .dpopProof(proof)
        .method("GET")
        .url(URL)
        .item(ITEM)
        .build();
  }

  /** Verifies {@code token} with a valid proof and returns the rejection reason. */
  Reason rejection(String token) {
    return rejection(verifier(), request(token));
  }

  static Reason rejection(GrantVerifier verifier, GrantRequest request) {
    InvalidGrantException e =
        catchThrowableOfType(InvalidGrantException.class, () -> verifier.verify(request));
    assertThat(e).as("expected the verifier to reject").isNotNull();
    return e.reason();
  }
}
