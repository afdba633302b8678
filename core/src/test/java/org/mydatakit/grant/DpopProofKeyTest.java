package org.mydatakit.grant;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.JWK;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mydatakit.grant.InvalidGrantException.Reason;
import org.mydatakit.keys.SigningAlgorithm;

/**
 * The proof's embedded key and its dates, beyond {@code DpopAttackTest}: a {@code jwk} that names
 * another algorithm than the header, and an {@code iat} no calendar holds.
 */
class DpopProofKeyTest {
  private final GrantFixture f = new GrantFixture(SigningAlgorithm.ES256);
  private final String grant = f.token();
  private final JWK dpopPrivate = parse(f.dpop.exportPrivateJwk());

  private static JWK parse(String json) {
    try {
      return JWK.parse(json);
    } catch (java.text.ParseException e) {
      throw new AssertionError(e);
    }
  }

  private ObjectNode header(String jwkAlg) throws Exception {
    ObjectNode h = GrantFixture.JSON.createObjectNode();
    h.put("typ", "dpop+jwt");
    h.put("alg", "ES256");
    ObjectNode jwk =
        (ObjectNode) GrantFixture.JSON.readTree(dpopPrivate.toPublicJWK().toJSONString());
    if (jwkAlg == null) {
      jwk.remove("alg");
    } else {
      jwk.put("alg", jwkAlg);
    }
    h.set("jwk", jwk);
    return h;
  }

  private ObjectNode claims() {
    ObjectNode c = GrantFixture.JSON.createObjectNode();
    c.put("jti", "proof-" + System.nanoTime());
    c.put("htm", "GET");
    c.put("htu", GrantFixture.URL.toString());
    c.put("iat", GrantFixture.NOW.getEpochSecond());
    c.put("ath", DpopKey.accessTokenHash(grant));
    return c;
  }

  private String proof(ObjectNode header, ObjectNode claims) {
    return GrantFixture.signRaw(header.toString(), claims.toString(), dpopPrivate);
  }

  @Test
  void aJwkThatNamesTheHeaderAlgorithmOrNoneIsAccepted() throws Exception {
    for (String jwkAlg : new String[] {"ES256", null}) {
      String proof = proof(header(jwkAlg), claims());
      assertThat(f.verifier().verify(f.request(grant, proof)).consentId()).isNotNull();
    }
  }

  /** The thumbprint ignores {@code alg}, so only this check stands between the two. */
  @ParameterizedTest
  @ValueSource(strings = {"PS256", "ES384", "RS256", "none", "es256", ""})
  void aJwkThatNamesAnotherAlgorithmIsRejected(String jwkAlg) throws Exception {
    String proof = proof(header(jwkAlg), claims());
    assertThat(GrantFixture.rejection(f.verifier(), f.request(grant, proof)))
        .isEqualTo(Reason.DPOP_INVALID);
  }

  @Test
  void aJwkWhoseAlgIsNotTextIsRejected() throws Exception {
    ObjectNode header = header(null);
    ((ObjectNode) header.get("jwk")).put("alg", 256);
    assertThat(GrantFixture.rejection(f.verifier(), f.request(grant, proof(header, claims()))))
        .isEqualTo(Reason.DPOP_INVALID);
  }

  @Test
  void aProofIdOf256CharactersIsReadAnd257AreNot() throws Exception {
    String longest = proof(header("ES256"), claims().put("jti", "p".repeat(256)));
    assertThat(f.verifier().verify(f.request(grant, longest)).consentId()).isNotNull();
    String longer = proof(header("ES256"), claims().put("jti", "p".repeat(257)));
    assertThat(GrantFixture.rejection(f.verifier(), f.request(grant, longer)))
        .isEqualTo(Reason.DPOP_INVALID);
  }

  @ParameterizedTest
  @ValueSource(longs = {Long.MAX_VALUE, Long.MIN_VALUE, 31_556_889_864_403_200L})
  void anIatBeyondEveryCalendarIsATypedRejection(long iat) throws Exception {
    String proof = proof(header("ES256"), claims().put("iat", iat));
    assertThat(GrantFixture.rejection(f.verifier(), f.request(grant, proof)))
        .isIn(Reason.DPOP_STALE, Reason.DPOP_INVALID, Reason.MALFORMED);
  }
}
