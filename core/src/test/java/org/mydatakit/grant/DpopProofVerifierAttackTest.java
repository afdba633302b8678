package org.mydatakit.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mydatakit.grant.GrantFixture.b64;
import static org.mydatakit.grant.GrantFixture.signRaw;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.JWK;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mydatakit.grant.InvalidGrantException.Reason;
import org.mydatakit.keys.SigningAlgorithm;

/**
 * Attacks on a DPoP proof sent to the broker's token endpoint, where no grant exists yet: every
 * check of the grant path except the key binding, and no {@code ath} at all.
 */
class DpopProofVerifierAttackTest {
  static final URI TOKEN_ENDPOINT = URI.create("https://broker.example/grants");

  private final Clock clock = Clock.fixed(GrantFixture.NOW, ZoneOffset.UTC);
  private final long now = GrantFixture.NOW.getEpochSecond();
  private final DpopKey consumer = DpopKey.generate().withClock(clock);
  private final JWK key = parse(consumer.exportPrivateJwk());
  private final DpopProofVerifier verifier = DpopProofVerifier.builder().clock(clock).build();

  private static JWK parse(String json) {
    try {
      return JWK.parse(json);
    } catch (java.text.ParseException e) {
      throw new AssertionError(e);
    }
  }

  private static ObjectNode header(JWK key) {
    ObjectNode h = GrantFixture.JSON.createObjectNode();
    h.put("typ", "dpop+jwt");
    h.put("alg", key.getAlgorithm().getName());
    try {
      h.set("jwk", GrantFixture.JSON.readTree(key.toPublicJWK().toJSONString()));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    return h;
  }

  private ObjectNode claims() {
    ObjectNode c = GrantFixture.JSON.createObjectNode();
    c.put("jti", "proof-" + System.nanoTime());
    c.put("htm", "POST");
    c.put("htu", TOKEN_ENDPOINT.toString());
    c.put("iat", now);
    return c;
  }

  private String proof(ObjectNode header, ObjectNode claims) {
    return signRaw(header.toString(), claims.toString(), key);
  }

  private Reason reject(String proof) {
    return reject(verifier, proof);
  }

  private static Reason reject(DpopProofVerifier verifier, String proof) {
    InvalidGrantException e =
        catchThrowableOfType(
            InvalidGrantException.class, () -> verifier.verify(proof, "POST", TOKEN_ENDPOINT));
    assertThat(e).as("expected the verifier to reject").isNotNull();
    assertThat(e.getMessage()).doesNotContain("eyJ");
    if (proof != null && proof.length() > 8) {
      assertThat(e.getMessage()).doesNotContain(proof.substring(proof.length() - 8));
    }
    return e.reason();
  }

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void proofOfDpopKeyIsAcceptedAndNamesItsThumbprint(SigningAlgorithm alg) throws Exception {
    DpopKey k = DpopKey.generate(alg).withClock(clock);
    assertThat(verifier.verify(k.proof("POST", TOKEN_ENDPOINT), "POST", TOKEN_ENDPOINT))
        .isEqualTo(k.thumbprint());
  }

  @Test
  void handMadeProofIsAccepted() throws Exception {
    assertThat(verifier.verify(proof(header(key), claims()), "POST", TOKEN_ENDPOINT))
        .isEqualTo(consumer.thumbprint());
  }

  @Test
  void missingProofIsRejected() {
    assertThat(reject(null)).isEqualTo(Reason.DPOP_MISSING);
    assertThat(reject("")).isEqualTo(Reason.DPOP_MISSING);
  }

  @ParameterizedTest
  @ValueSource(strings = {"not.a.jws", "a.b", "a.b.c.d", "e30.e30.", " ", "{\"alg\":\"ES256\"}"})
  void garbageIsRejected(String garbage) {
    assertThat(reject(garbage)).isEqualTo(Reason.DPOP_INVALID);
  }

  @Test
  void oversizeProofIsRejectedBeforeParsing() {
    ObjectNode big = claims().put("pad", "x".repeat(9000));
    assertThat(reject(proof(header(key), big))).isEqualTo(Reason.DPOP_INVALID);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "JWT",
        "mydata-grant+jwt",
        "dpop",
        "",
        "client-authentication+jwt",
        "dpop+jwt ",
        "application/dpop+jwt;charset=utf-8",
        "text/dpop+jwt",
        "dpop+jw\u212A"
      })
  void wrongTypIsRejected(String typ) {
    assertThat(reject(proof(header(key).put("typ", typ), claims()))).isEqualTo(Reason.DPOP_INVALID);
  }

  @Test
  void missingTypIsRejected() {
    ObjectNode h = header(key);
    h.remove("typ");
    assertThat(reject(proof(h, claims()))).isEqualTo(Reason.DPOP_INVALID);
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "None", "NONE"})
  void algNoneIsRejected(String none) {
    String input = b64(header(key).put("alg", none).toString()) + "." + b64(claims().toString());
    assertThat(reject(input + ".")).isEqualTo(Reason.DPOP_INVALID);
    assertThat(reject(input + ".AAAA")).isEqualTo(Reason.DPOP_INVALID);
  }

  @Test
  void hs256KeyedWithThePublicKeyIsRejected() throws Exception {
    String input = b64(header(key).put("alg", "HS256").toString()) + "." + b64(claims().toString());
    Mac mac = Mac.getInstance("HmacSHA256");
    byte[] secret = key.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
    mac.init(new SecretKeySpec(secret, "HmacSHA256"));
    String forged = input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    assertThat(reject(forged)).isEqualTo(Reason.DPOP_INVALID);
  }

  @ParameterizedTest
  @ValueSource(strings = {"RS256", "ES384", "ES256K", "EdDSA", "PS512"})
  void algorithmsOffTheAllowListAreRejected(String alg) {
    assertThat(reject(proof(header(key).put("alg", alg), claims()))).isEqualTo(Reason.DPOP_INVALID);
  }

  @Test
  void jwkWithPrivatePartsIsRejected() throws Exception {
    ObjectNode h = header(key);
    h.set("jwk", GrantFixture.JSON.readTree(key.toJSONString()));
    assertThat(h.get("jwk").has("d")).isTrue();
    assertThat(reject(proof(h, claims()))).isEqualTo(Reason.DPOP_INVALID);
  }

  @Test
  void symmetricJwkIsRejected() {
    ObjectNode h = header(key);
    h.putObject("jwk").put("kty", "oct").put("k", b64(new byte[32]));
    assertThat(reject(proof(h, claims()))).isEqualTo(Reason.DPOP_INVALID);
  }

  @Test
  void jwkWhoseAlgDiffersFromTheHeaderAlgIsRejected() {
    ObjectNode h = header(key);
    ((ObjectNode) h.get("jwk")).put("alg", "PS256");
    assertThat(reject(proof(h, claims()))).isEqualTo(Reason.DPOP_INVALID);
  }

  @Test
  void headerAlgThatDoesNotFitTheJwkIsRejected() {
    // an EC key under PS256: the algorithm the header claims is not the key's
    assertThat(reject(proof(header(key).put("alg", "PS256"), claims())))
        .isEqualTo(Reason.DPOP_INVALID);
  }

  @Test
  void missingJwkOrAnExtraHeaderMemberIsRejected() {
    ObjectNode noJwk = header(key);
    noJwk.remove("jwk");
    assertThat(reject(proof(noJwk, claims()))).isEqualTo(Reason.DPOP_INVALID);
    for (String member : new String[] {"kid", "jku", "x5u", "x5c", "crit", "b64", "zip"}) {
      assertThat(reject(proof(header(key).put(member, "x"), claims())))
          .as(member)
          .isEqualTo(Reason.DPOP_INVALID);
    }
  }

  @Test
  void proofWhoseSignatureDoesNotVerifyIsRejected() {
    String[] parts = consumer.proof("POST", TOKEN_ENDPOINT).split("\\.");
    String forged = parts[0] + "." + b64(claims().toString()) + "." + parts[2];
    assertThat(reject(forged)).isEqualTo(Reason.DPOP_INVALID);
    DpopKey other = DpopKey.generate().withClock(clock);
    String[] others = other.proof("POST", TOKEN_ENDPOINT).split("\\.");
    assertThat(reject(parts[0] + "." + parts[1] + "." + others[2])).isEqualTo(Reason.DPOP_INVALID);
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "post", "PUT", "DELETE"})
  void wrongMethodIsRejected(String htm) {
    assertThat(reject(proof(header(key), claims().put("htm", htm))))
        .isEqualTo(Reason.DPOP_METHOD_MISMATCH);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://broker.example/fetches",
        "https://evil.example/grants",
        "http://broker.example/grants",
        "https://broker.example:8443/grants",
        "https://broker.example/grants?consent=1",
        "https://broker.example/grants#x",
        "https://broker.example/grants/",
        "not a url"
      })
  void wrongUrlIsRejected(String htu) {
    assertThat(reject(proof(header(key), claims().put("htu", htu))))
        .isEqualTo(Reason.DPOP_URL_MISMATCH);
  }

  @Test
  void equivalentUrlFormsAreAccepted() throws Exception {
    ObjectNode c = claims().put("htu", "HTTPS://BROKER.EXAMPLE:443/grants");
    assertThat(verifier.verify(proof(header(key), c), "POST", TOKEN_ENDPOINT)).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(longs = {-91, -3600, 31, 3600})
  void staleOrFutureIatIsRejected(long offset) {
    assertThat(reject(proof(header(key), claims().put("iat", now + offset))))
        .isEqualTo(Reason.DPOP_STALE);
  }

  @Test
  void iatWithinMaxAgeAndSkewIsAccepted() throws Exception {
    for (long offset : new long[] {-90, -30, 0, 30}) {
      String proof = proof(header(key), claims().put("iat", now + offset));
      assertThat(verifier.verify(proof, "POST", TOKEN_ENDPOINT)).as("offset " + offset).isNotNull();
    }
  }

  @Test
  void missingOrNonIntegralIatIsRejected() {
    ObjectNode noIat = claims();
    noIat.remove("iat");
    assertThat(reject(proof(header(key), noIat))).isEqualTo(Reason.DPOP_INVALID);
    assertThat(reject(proof(header(key), claims().put("iat", now + 0.5))))
        .isEqualTo(Reason.DPOP_INVALID);
    assertThat(reject(proof(header(key), claims().put("iat", String.valueOf(now)))))
        .isEqualTo(Reason.DPOP_INVALID);
  }

  @Test
  void missingEmptyOrOversizeJtiIsRejected() {
    ObjectNode noJti = claims();
    noJti.remove("jti");
    assertThat(reject(proof(header(key), noJti))).isEqualTo(Reason.DPOP_INVALID);
    assertThat(reject(proof(header(key), claims().put("jti", "")))).isEqualTo(Reason.DPOP_INVALID);
    assertThat(reject(proof(header(key), claims().put("jti", "j".repeat(257)))))
        .isEqualTo(Reason.DPOP_INVALID);
    assertThat(reject(proof(header(key), claims().put("jti", 42)))).isEqualTo(Reason.DPOP_INVALID);
  }

  @Test
  void jtiOfTheMaximumLengthIsAccepted() throws Exception {
    String proof = proof(header(key), claims().put("jti", "j".repeat(256)));
    assertThat(verifier.verify(proof, "POST", TOKEN_ENDPOINT)).isNotNull();
  }

  @Test
  void replayedProofIsRejected() throws Exception {
    String proof = consumer.proof("POST", TOKEN_ENDPOINT);
    verifier.verify(proof, "POST", TOKEN_ENDPOINT);
    assertThat(reject(proof)).isEqualTo(Reason.DPOP_REPLAY);
  }

  @Test
  void anotherProofReusingAJtiIsAReplay() throws Exception {
    verifier.verify(proof(header(key), claims().put("jti", "fixed")), "POST", TOKEN_ENDPOINT);
    assertThat(reject(proof(header(key), claims().put("jti", "fixed").put("iat", now - 5))))
        .isEqualTo(Reason.DPOP_REPLAY);
  }

  @Test
  void theSameJtiUnderAnotherKeyIsNotAReplay() throws Exception {
    verifier.verify(proof(header(key), claims().put("jti", "shared")), "POST", TOKEN_ENDPOINT);
    JWK other = parse(DpopKey.generate().exportPrivateJwk());
    String proof =
        signRaw(header(other).toString(), claims().put("jti", "shared").toString(), other);
    assertThat(verifier.verify(proof, "POST", TOKEN_ENDPOINT)).isNotNull();
  }

  @Test
  void proofWithAnAccessTokenHashIsRejected() {
    assertThat(reject(consumer.proof("POST", TOKEN_ENDPOINT, "some-grant")))
        .isEqualTo(Reason.DPOP_ATH_MISMATCH);
    assertThat(reject(proof(header(key), claims().put("ath", ""))))
        .isEqualTo(Reason.DPOP_ATH_MISMATCH);
    assertThat(reject(proof(header(key), claims().putNull("ath"))))
        .isEqualTo(Reason.DPOP_ATH_MISMATCH);
  }

  @Test
  void proofWithoutAnAccessTokenHashIsRejectedWithAGrant() {
    GrantFixture f = new GrantFixture(SigningAlgorithm.ES256);
    String grant = f.token();
    String noAth = f.dpop.proof("GET", GrantFixture.URL);
    assertThat(GrantFixture.rejection(f.verifier(), f.request(grant, noAth)))
        .isEqualTo(Reason.DPOP_ATH_MISMATCH);
  }

  @Test
  void aGrantPresentedAsAProofIsRejected() {
    assertThat(reject(new GrantFixture(SigningAlgorithm.ES256).token()))
        .isEqualTo(Reason.DPOP_INVALID);
  }

  @Test
  void replayCacheCanBeShared() throws Exception {
    DpopReplayCache shared = DpopReplayCache.inMemory(10);
    String proof = consumer.proof("POST", TOKEN_ENDPOINT);
    DpopProofVerifier.builder()
        .clock(clock)
        .replayCache(shared)
        .build()
        .verify(proof, "POST", TOKEN_ENDPOINT);
    assertThat(reject(DpopProofVerifier.builder().clock(clock).replayCache(shared).build(), proof))
        .isEqualTo(Reason.DPOP_REPLAY);
  }

  @Test
  void settingsOutOfRangeAreRefusedAtBuild() {
    assertThatThrownBy(() -> DpopProofVerifier.builder().clockSkew(Duration.ofMinutes(6)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("clock skew");
    assertThatThrownBy(() -> DpopProofVerifier.builder().clockSkew(Duration.ofSeconds(-1)).build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> DpopProofVerifier.builder().proofMaxAge(Duration.ZERO).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("proof max age");
    assertThatThrownBy(() -> DpopProofVerifier.builder().replayCache(null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aShorterMaxAgeIsHonoured() {
    DpopProofVerifier strict =
        DpopProofVerifier.builder()
            .clock(clock)
            .clockSkew(Duration.ZERO)
            .proofMaxAge(Duration.ofSeconds(5))
            .build();
    assertThat(reject(strict, proof(header(key), claims().put("iat", now - 6))))
        .isEqualTo(Reason.DPOP_STALE);
  }

  @Test
  void theCallersMethodAndUrlAreCheckedAsArguments() {
    String proof = consumer.proof("POST", TOKEN_ENDPOINT);
    assertThatThrownBy(() -> verifier.verify(proof, "post", TOKEN_ENDPOINT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> verifier.verify(proof, "POST", URI.create("/grants")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> verifier.verify(proof, "POST", null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
