package org.mydatakit.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mydatakit.grant.GrantFixture.b64;
import static org.mydatakit.grant.GrantFixture.signRaw;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mydatakit.grant.InvalidGrantException.Reason;
import org.mydatakit.keys.SigningAlgorithm;

/** Attacks on the shape of the token: size, encoding, serialisation, JSON. Every key type. */
class GrantStructureAttackTest {

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void validGrantVerifies(SigningAlgorithm alg) throws Exception {
    GrantFixture f = new GrantFixture(alg);
    VerifiedGrant grant = f.verifier().verify(f.request(f.token()));
    assertThat(grant.consentId().toString()).isEqualTo(GrantFixture.CONSENT_ID);
    assertThat(grant.subject().value()).isEqualTo(GrantFixture.SUBJECT);
  }

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void strippedSignatureIsMalformed(SigningAlgorithm alg) {
    GrantFixture f = new GrantFixture(alg);
    String token = f.token();
    assertThat(f.rejection(token.substring(0, token.lastIndexOf('.') + 1)))
        .isEqualTo(Reason.MALFORMED);
    assertThat(f.rejection(token.substring(0, token.lastIndexOf('.')))).isEqualTo(Reason.MALFORMED);
  }

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void fourAndFivePartsAreMalformed(SigningAlgorithm alg) {
    GrantFixture f = new GrantFixture(alg);
    String token = f.token();
    assertThat(f.rejection(token + ".AAAA")).isEqualTo(Reason.MALFORMED);
    assertThat(f.rejection(token + ".AAAA.AAAA")).isEqualTo(Reason.MALFORMED);
  }

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void jweInsteadOfJwsIsMalformed(SigningAlgorithm alg) {
    GrantFixture f = new GrantFixture(alg);
    String jwe =
        b64("{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\",\"typ\":\"mydata-grant+jwt\"}")
            + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAA.AAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA";
    assertThat(f.rejection(jwe)).isEqualTo(Reason.MALFORMED);
  }

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void jsonSerialisationIsMalformed(SigningAlgorithm alg) {
    GrantFixture f = new GrantFixture(alg);
    String[] parts = f.token().split("\\.");
    String general =
        "{\"payload\":\""
            + parts[1]
            + "\",\"signatures\":[{\"protected\":\""
            + parts[0]
            + "\",\"signature\":\""
            + parts[2]
            + "\"}]}";
    String flattened =
        "{\"payload\":\""
            + parts[1]
            + "\",\"protected\":\""
            + parts[0]
            + "\",\"signature\":\""
            + parts[2]
            + "\"}";
    assertThat(f.rejection(general)).isEqualTo(Reason.MALFORMED);
    assertThat(f.rejection(flattened)).isEqualTo(Reason.MALFORMED);
  }

  @ParameterizedTest
  @ValueSource(strings = {" ", "\n", "\t", "=", "==", "?", "+", "/"})
  void nonCanonicalBase64urlIsMalformed(String insert) {
    GrantFixture f = new GrantFixture(SigningAlgorithm.ES256);
    String token = f.token();
    int dot = token.indexOf('.');
    assertThat(f.rejection(token.substring(0, dot) + insert + token.substring(dot)))
        .isEqualTo(Reason.MALFORMED);
    assertThat(f.rejection(token + insert)).isEqualTo(Reason.MALFORMED);
    assertThat(f.rejection(insert + token)).isEqualTo(Reason.MALFORMED);
  }

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void alteredUnusedBitsAreMalformed(SigningAlgorithm alg) {
    GrantFixture f = new GrantFixture(alg);
    String token = f.token();
    // Both signature lengths (64 and 256 bytes) end in one byte spread over two characters, so
    // the last character carries 4 unused bits: flipping the lowest keeps the decoded bytes.
    char last = token.charAt(token.length() - 1);
    char altered = alphabet().charAt(alphabet().indexOf(last) ^ 1);
    assertThat(f.rejection(token.substring(0, token.length() - 1) + altered))
        .isEqualTo(Reason.MALFORMED);
  }

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void fiveMegabyteSignedTokenIsRejectedBeforeParsing(SigningAlgorithm alg) {
    GrantFixture f = new GrantFixture(alg);
    String big = f.tokenWith(c -> c.put("pad", "x".repeat(5 * 1024 * 1024)));
    assertThat(f.rejection(big)).isEqualTo(Reason.TOO_LARGE);
    // Garbage of the same size gets the same answer: nothing was parsed.
    assertThat(f.rejection("!".repeat(5 * 1024 * 1024))).isEqualTo(Reason.TOO_LARGE);
  }

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void deeplyNestedClaimIsRejected(SigningAlgorithm alg) {
    GrantFixture f = new GrantFixture(alg);
    String claims = f.claims().toString();
    String fiftyK = "[".repeat(50_000) + "]".repeat(50_000);
    String big =
        signRaw(f.header().toString(), claims.replace("}", ",\"x\":" + fiftyK) + "}", f.brokerKey);
    assertThat(f.rejection(big)).isEqualTo(Reason.TOO_LARGE);
    // Within the size cap, the nesting cap still holds.
    String deep = "[".repeat(2_000) + "]".repeat(2_000);
    String nested =
        signRaw(
            f.header().toString(),
            claims.substring(0, claims.length() - 1) + ",\"x\":" + deep + "}",
            f.brokerKey);
    assertThat(nested.length()).isLessThan(8192);
    assertThat(f.rejection(nested)).isEqualTo(Reason.MALFORMED);
  }

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void duplicateHeaderMemberIsMalformed(SigningAlgorithm alg) {
    GrantFixture f = new GrantFixture(alg);
    String header = f.header().toString();
    String dup = header.substring(0, header.length() - 1) + ",\"kid\":\"other\"}";
    assertThat(f.rejection(signRaw(dup, f.claims().toString(), f.brokerKey)))
        .isEqualTo(Reason.MALFORMED);
    String dupAlg = header.substring(0, header.length() - 1) + ",\"alg\":\"none\"}";
    assertThat(f.rejection(signRaw(dupAlg, f.claims().toString(), f.brokerKey)))
        .isEqualTo(Reason.MALFORMED);
  }

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void duplicateClaimMemberIsMalformed(SigningAlgorithm alg) {
    GrantFixture f = new GrantFixture(alg);
    String claims = f.claims().toString();
    String dup = claims.substring(0, claims.length() - 1) + ",\"aud\":\"NTS\"}";
    assertThat(f.rejection(signRaw(f.header().toString(), dup, f.brokerKey)))
        .isEqualTo(Reason.MALFORMED);
  }

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void trailingGarbageAfterJsonIsMalformed(SigningAlgorithm alg) {
    GrantFixture f = new GrantFixture(alg);
    String claims = f.claims().toString() + " {}";
    assertThat(f.rejection(signRaw(f.header().toString(), claims, f.brokerKey)))
        .isEqualTo(Reason.MALFORMED);
    ObjectNode header = f.header();
    assertThat(f.rejection(signRaw(header + "x", f.claims().toString(), f.brokerKey)))
        .isEqualTo(Reason.MALFORMED);
  }

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void nonObjectJsonIsMalformed(SigningAlgorithm alg) {
    GrantFixture f = new GrantFixture(alg);
    assertThat(f.rejection(signRaw("[]", f.claims().toString(), f.brokerKey)))
        .isEqualTo(Reason.MALFORMED);
    assertThat(f.rejection(signRaw(f.header().toString(), "\"text\"", f.brokerKey)))
        .isEqualTo(Reason.MALFORMED);
    assertThat(f.rejection(signRaw(f.header().toString(), "not json", f.brokerKey)))
        .isEqualTo(Reason.MALFORMED);
  }

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void invalidUtf8IsMalformed(SigningAlgorithm alg) throws Exception {
    GrantFixture f = new GrantFixture(alg);
    byte[] bad = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
    String input = b64(f.header().toString()) + "." + b64(bad);
    String token =
        input
            + "."
            + b64(
                GrantFixture.rawSignature(input.getBytes(StandardCharsets.US_ASCII), f.brokerKey));
    assertThat(f.rejection(token)).isIn(Reason.MALFORMED, Reason.MISSING_CLAIM);
  }

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void tokenFromAnotherKeyWithSameKidIsBadSignature(SigningAlgorithm alg) throws Exception {
    GrantFixture f = new GrantFixture(alg);
    var other =
        alg == SigningAlgorithm.ES256
            ? new ECKeyGenerator(Curve.P_256).keyID(f.keys.currentKeyId()).generate()
            : new RSAKeyGenerator(2048).keyID(f.keys.currentKeyId()).generate();
    assertThat(f.rejection(signRaw(f.header().toString(), f.claims().toString(), other)))
        .isEqualTo(Reason.BAD_SIGNATURE);
  }

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void alteredPayloadIsBadSignature(SigningAlgorithm alg) {
    GrantFixture f = new GrantFixture(alg);
    String[] parts = f.token().split("\\.");
    ObjectNode claims = f.claims();
    claims.put("scope", "nhis.qualification nhis.premium nhis.everything");
    String forged = parts[0] + "." + b64(claims.toString()) + "." + parts[2];
    assertThat(f.rejection(forged)).isEqualTo(Reason.BAD_SIGNATURE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a", "..", "a.b", "a.b.c", "\u0000", "DPoP x", "Bearer a.b.c"})
  void garbageIsMalformed(String token) {
    GrantFixture f = new GrantFixture(SigningAlgorithm.ES256);
    assertThat(f.rejection(token)).isEqualTo(Reason.MALFORMED);
  }

  private static String alphabet() {
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  }
}
