package org.mydatakit.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.keys.VerificationKeySet;

/** Key generation, rotation, persistence, and the hygiene rules for trusted key sets. */
class KeySetTest {

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void generatedSetsRoundTripThroughJson(SigningAlgorithm alg) {
    SigningKeySet keys = SigningKeySet.generate(alg);
    SigningKeySet loaded = SigningKeySet.parse(keys.exportPrivateJwks());
    assertThat(loaded.currentKeyId()).isEqualTo(keys.currentKeyId()).hasSize(43);
    assertThat(loaded.algorithm()).isEqualTo(alg);
    assertThat(keys.verificationKeys().toJson()).doesNotContain("\"d\"");
    assertThat(VerificationKeySet.parse(keys.verificationKeys().toJson()).keyIds())
        .containsExactly(keys.currentKeyId());
  }

  @Test
  void anyThumbprintShapedKidIsAccepted() {
    for (String kid : new String[] {"_PEfpzqWTmjoUXUgmKSn9DvNcDRNBDJpAUcnwCTaHPE", "-a", "k.1"}) {
      assertThat(SigningKeySet.generate(SigningAlgorithm.ES256, kid).currentKeyId()).isEqualTo(kid);
    }
    assertThatThrownBy(() -> SigningKeySet.generate(SigningAlgorithm.ES256, "has space"))
        .hasMessageContaining("kid");
    assertThatThrownBy(() -> SigningKeySet.generate(SigningAlgorithm.ES256, "k".repeat(129)))
        .hasMessageContaining("kid");
  }

  @Test
  void rotationKeepsOldKeysForVerificationUntilRetired() {
    SigningKeySet first = SigningKeySet.generate(SigningAlgorithm.ES256, "k1");
    SigningKeySet rotated = first.rotate();
    assertThat(rotated.currentKeyId()).isNotEqualTo("k1");
    assertThat(rotated.verificationKeys().keyIds()).contains("k1", rotated.currentKeyId());
    SigningKeySet retired = rotated.retire("k1");
    assertThat(retired.verificationKeys().keyIds()).containsExactly(rotated.currentKeyId());
    assertThatThrownBy(() -> rotated.retire(rotated.currentKeyId()))
        .hasMessageContaining("current key");
    assertThatThrownBy(() -> rotated.retire("nope")).isInstanceOf(IllegalArgumentException.class);
    assertThat(SigningKeySet.parse(rotated.exportPrivateJwks()).currentKeyId())
        .isEqualTo(rotated.currentKeyId());
  }

  @Test
  void toStringShowsNoKeyMaterial() throws Exception {
    SigningKeySet keys = SigningKeySet.generate(SigningAlgorithm.ES256);
    String d =
        com.nimbusds.jose.jwk.JWKSet.parse(keys.exportPrivateJwks())
            .getKeys()
            .get(0)
            .toJSONObject()
            .get("d")
            .toString();
    assertThat(keys.toString()).doesNotContain(d).doesNotContain(keys.currentKeyId());
    assertThat(keys.verificationKeys().toString()).doesNotContain("\"x\"");
    DpopKey dpop = DpopKey.generate();
    assertThat(dpop.toString()).doesNotContain(dpop.thumbprint());
    assertThat(DpopKey.parse(dpop.exportPrivateJwk()).thumbprint()).isEqualTo(dpop.thumbprint());
  }

  private static ObjectNode publicKey(SigningAlgorithm alg) throws Exception {
    String json = SigningKeySet.generate(alg, "key-1").verificationKeys().toJson();
    return (ObjectNode) GrantFixture.JSON.readTree(json).get("keys").get(0);
  }

  private static String set(ObjectNode... keys) {
    ObjectNode root = GrantFixture.JSON.createObjectNode();
    ArrayNode array = root.putArray("keys");
    for (ObjectNode k : keys) {
      array.add(k);
    }
    return root.toString();
  }

  private static void assertRejected(String json, String... fragments) {
    assertThatThrownBy(() -> VerificationKeySet.parse(json))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(
            e -> {
              for (String fragment : fragments) {
                assertThat(e.getMessage()).contains(fragment);
              }
            });
  }

  private static String edited(SigningAlgorithm alg, Consumer<ObjectNode> edit) throws Exception {
    ObjectNode key = publicKey(alg);
    edit.accept(key);
    return set(key);
  }

  @Test
  void smallRsaKeysAreRejected() throws Exception {
    JWK small =
        new RSAKeyGenerator(1024, true).keyID("small").algorithm(JWSAlgorithm.PS256).generate();
    ObjectNode node = (ObjectNode) GrantFixture.JSON.readTree(small.toPublicJWK().toJSONString());
    assertRejected(set(node), "'small'", "2048");
  }

  @Test
  void symmetricKeysAreRejected() throws Exception {
    JWK oct =
        new OctetSequenceKeyGenerator(256).keyID("hmac").algorithm(JWSAlgorithm.HS256).generate();
    ObjectNode node = (ObjectNode) GrantFixture.JSON.readTree(oct.toJSONString());
    assertRejected(set(node), "'hmac'", "symmetric");
  }

  @Test
  void mixedSetsAreRejected() throws Exception {
    ObjectNode ec = publicKey(SigningAlgorithm.ES256);
    ObjectNode rsa = publicKey(SigningAlgorithm.PS256).put("kid", "key-2");
    assertRejected(set(ec, rsa), "'key-2'", "mixed");
  }

  @Test
  void duplicateKidsAreRejected() throws Exception {
    assertRejected(
        set(publicKey(SigningAlgorithm.ES256), publicKey(SigningAlgorithm.ES256)),
        "'key-1'",
        "duplicate kid");
  }

  @Test
  void useOtherThanSigIsRejected() throws Exception {
    assertRejected(edited(SigningAlgorithm.ES256, k -> k.put("use", "enc")), "'key-1'", "use");
  }

  @Test
  void keyOpsWithoutVerifyAreRejected() throws Exception {
    assertRejected(
        edited(SigningAlgorithm.ES256, k -> k.putArray("key_ops").add("sign")),
        "'key-1'",
        "key_ops");
    assertThat(
            VerificationKeySet.parse(
                    edited(SigningAlgorithm.ES256, k -> k.putArray("key_ops").add("verify")))
                .keyIds())
        .containsExactly("key-1");
  }

  @Test
  void missingAlgIsRejected() throws Exception {
    assertRejected(edited(SigningAlgorithm.ES256, k -> k.remove("alg")), "'key-1'", "alg");
  }

  @Test
  void missingKidIsRejected() throws Exception {
    assertRejected(edited(SigningAlgorithm.ES256, k -> k.remove("kid")), "key #0", "kid");
  }

  @Test
  void algCurveMismatchIsRejected() throws Exception {
    assertRejected(edited(SigningAlgorithm.ES256, k -> k.put("alg", "PS256")), "'key-1'", "RSA");
    assertRejected(edited(SigningAlgorithm.PS256, k -> k.put("alg", "ES256")), "'key-1'", "P-256");
    JWK p384 =
        new ECKeyGenerator(Curve.P_384).keyID("p384").algorithm(JWSAlgorithm.ES256).generate();
    ObjectNode node = (ObjectNode) GrantFixture.JSON.readTree(p384.toPublicJWK().toJSONString());
    assertRejected(set(node), "'p384'", "P-256");
  }

  @Test
  void algorithmsOffTheAllowListAreRejected() throws Exception {
    assertRejected(edited(SigningAlgorithm.PS256, k -> k.put("alg", "RS256")), "'key-1'", "RS256");
    assertRejected(edited(SigningAlgorithm.ES256, k -> k.put("alg", "none")), "'key-1'", "none");
  }

  @Test
  void privateMaterialInAVerificationSetIsRejected() throws Exception {
    String privateSet = SigningKeySet.generate(SigningAlgorithm.ES256, "key-1").exportPrivateJwks();
    assertRejected(privateSet, "'key-1'", "private");
    assertThatThrownBy(
            () ->
                SigningKeySet.parse(
                    SigningKeySet.generate(SigningAlgorithm.ES256).verificationKeys().toJson()))
        .hasMessageContaining("expected a private signing key");
  }

  @Test
  void pointsOffTheCurveAreRejected() throws Exception {
    ObjectNode key = publicKey(SigningAlgorithm.ES256);
    String x = key.get("x").asText();
    key.put("x", (x.charAt(0) == 'A' ? "B" : "A") + x.substring(1));
    assertRejected(set(key), "'key-1'");
  }

  @Test
  void malformedSetsAreRejected() {
    assertRejected("{}", "keys");
    assertRejected("{\"keys\":[]}", "keys");
    assertRejected("{\"keys\":[1]}", "key #0");
    assertRejected("not json", "json");
    assertRejected("{\"keys\":[],\"keys\":[]}", "json");
  }

  @Test
  void messagesNeverQuoteKeyMaterial() throws Exception {
    ObjectNode key = publicKey(SigningAlgorithm.ES256).put("use", "enc");
    String x = key.get("x").asText();
    assertThatThrownBy(() -> VerificationKeySet.parse(set(key)))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(x));
  }
}
