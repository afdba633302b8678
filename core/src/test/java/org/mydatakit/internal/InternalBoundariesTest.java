package org.mydatakit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;

/** Every limit of the internals at its exact edge, and what their objects say about themselves. */
class InternalBoundariesTest {

  @Test
  void aTokenOfExactlyTheCapIsParsedAndAStrippedSignatureIsMalformed() throws Exception {
    String token =
        JwsSigning.with(
                com.nimbusds.jose.jwk.JWKSet.parse(
                        SigningKeySet.generate(SigningAlgorithm.ES256).exportPrivateJwks())
                    .getKeys()
                    .get(0))
            .sign("t", "{}", false);
    CompactJws jws = CompactJws.parse(token, token.length());
    assertThat(jws.toString()).isEqualTo("CompactJws[redacted]");
    assertThat(
            catchThrowableOfType(
                    JwsException.class, () -> CompactJws.parse(token, token.length() - 1))
                .fault())
        .isEqualTo(JwsException.Fault.TOO_LARGE);
    String stripped = token.substring(0, token.lastIndexOf('.') + 1);
    assertThat(
            catchThrowableOfType(JwsException.class, () -> CompactJws.parse(stripped, 8192))
                .fault())
        .isEqualTo(JwsException.Fault.MALFORMED);
  }

  @Test
  void anEmptyPayloadIsMalformedEvenWithAValidHeader() throws Exception {
    String header = Base64Url.encode("{\"alg\":\"ES256\"}".getBytes(StandardCharsets.UTF_8));
    for (String token : new String[] {header + "..AAAA", header + ".e30.", ".e30.AAAA"}) {
      assertThat(
              catchThrowableOfType(JwsException.class, () -> CompactJws.parse(token, 8192)).fault())
          .as(token)
          .isEqualTo(JwsException.Fault.MALFORMED);
    }
    assertThat(CompactJws.parse(header + ".e30.AAAA", 8192).payload()).containsExactly('{', '}');
  }

  @Test
  void aStrictMapperEnforcesTheLimitsItIsMadeWith() {
    com.fasterxml.jackson.databind.ObjectMapper shallow = StrictJson.strictMapper(2, 8);
    byte[] deep = "{\"a\":{\"b\":{\"c\":1}}}".getBytes(StandardCharsets.UTF_8);
    assertThat(StrictJson.object(StrictJson.strictMapper(3, 8), deep).size()).isEqualTo(1);
    assertThatThrownBy(() -> StrictJson.object(shallow, deep))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] longText = "{\"a\":\"123456789\"}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> StrictJson.object(shallow, longText))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] duplicate = "{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> StrictJson.object(shallow, duplicate))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aKeyWithoutKtyIsNamedByItsKid() {
    assertThatThrownBy(() -> JwkRules.parseSet("{\"keys\":[{\"kid\":\"a\"}]}", false))
        .hasMessage("jwk set: key 'a': expected kty EC or RSA, got none");
    assertThatThrownBy(
            () -> JwkRules.parseSet("{\"keys\":[{\"kid\":\"a\",\"kty\":\"OKP\"}]}", false))
        .hasMessage("jwk set: key 'a': expected kty EC or RSA, got 'OKP'");
  }

  @Test
  void describeQuotesOnlyShortPrintableText() {
    assertThat(Checks.describe("a".repeat(64))).isEqualTo("'" + "a".repeat(64) + "'");
    assertThat(Checks.describe("a".repeat(65))).isEqualTo("a value of 65 characters");
    assertThat(Checks.describe(" ~")).isEqualTo("' ~'");
    assertThat(Checks.describe("a\u001fb")).isEqualTo("a value of 3 characters");
    assertThat(Checks.describe("a\u007fb")).isEqualTo("a value of 3 characters");
    assertThat(Checks.describe("")).isEqualTo("''");
  }

  @Test
  void idsAndIssuersAcceptTheirLongestForm() {
    assertThat(Checks.grantId("g".repeat(128))).isEqualTo("g".repeat(128));
    assertThat(Checks.issuer("i".repeat(256))).isEqualTo("i".repeat(256));
    assertThatThrownBy(() -> Checks.issuer("i".repeat(257)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Checks.token("code", "c".repeat(64), 64)).hasSize(64);
    assertThatThrownBy(() -> Checks.token("code", "c".repeat(65), 64))
        .hasMessageEndingWith("got a value of 65 characters");
  }

  @Test
  void htuKeepsSchemeHostNonDefaultPortAndPathOnly() {
    assertThat(Htu.normalize("HTTPS://Api.Example:443/a/B?q=1#f"))
        .isEqualTo("https://api.example/a/B");
    assertThat(Htu.normalize("http://api.example:80")).isEqualTo("http://api.example/");
    assertThat(Htu.normalize("http://api.example:443/x")).isEqualTo("http://api.example:443/x");
    assertThat(Htu.normalize("https://api.example:80/x")).isEqualTo("https://api.example:80/x");
    assertThat(Htu.normalize("https://api.example:8443/x")).isEqualTo("https://api.example:8443/x");
    for (String bad :
        new String[] {"ftp://api.example/x", "/relative", "https://user@api.example/"}) {
      assertThatThrownBy(() -> Htu.normalize(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> Htu.normalize(URI.create("mailto:a@b.example")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keyRulesNameTheKeyByKidAndPosition() {
    SigningKeySet keys = SigningKeySet.generate(SigningAlgorithm.ES256, "k".repeat(128));
    String json = keys.verificationKeys().toJson();
    assertThat(KeyRing.of(json).find("k".repeat(128))).isNotNull();
    String dup = SigningKeySet.generate(SigningAlgorithm.ES256, "dup").verificationKeys().toJson();
    String one = dup.substring(dup.indexOf('[') + 1, dup.lastIndexOf(']'));
    assertThatThrownBy(() -> JwkRules.parseSet("{\"keys\":[" + one + "," + one + "]}", false))
        .hasMessage("jwk set: key 'dup' (#1): duplicate kid");
    assertThatThrownBy(() -> JwkRules.parseSet("{\"keys\":[{\"kty\":\"EC\"}]}", false))
        .hasMessage("jwk set: key #0: expected a kid of 1 to 128 characters");
    String longKid = json.replace("k".repeat(128), "k".repeat(129));
    assertThatThrownBy(() -> JwkRules.parseSet(longKid, false))
        .hasMessageEndingWith(": expected a kid of 1 to 128 characters");
  }

  @Test
  void keysAndRingsDescribeThemselvesWithoutKeyMaterial() {
    SigningKeySet keys = SigningKeySet.generate(SigningAlgorithm.PS256, "ring-k1");
    KeyRing ring = KeyRing.of(keys.verificationKeys().toJson());
    VerificationKey key = ring.find("ring-k1");
    assertThat(ring.algorithm()).isEqualTo(Alg.PS256);
    assertThat(ring.toString()).isEqualTo("KeyRing[alg=PS256, keys=1]");
    assertThat(key.toString()).isEqualTo("VerificationKey[kid='ring-k1', alg=PS256]");
    assertThat(key.publicJwk().getKeyID()).isEqualTo("ring-k1");
    assertThat(key.publicJwk().isPrivate()).isFalse();
  }
}
