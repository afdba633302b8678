package org.mydatakit.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mydatakit.grant.GrantFixture.b64;
import static org.mydatakit.grant.GrantFixture.signRaw;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.JWK;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mydatakit.grant.InvalidGrantException.Reason;
import org.mydatakit.keys.SigningAlgorithm;

/** Attacks on proof of possession (RFC 9449): every way a stolen grant might be replayed. */
class DpopAttackTest {
  private static final BigInteger N =
      new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

  private final GrantFixture f = new GrantFixture(SigningAlgorithm.ES256);
  private final String grant = f.token();
  private final JWK dpopPrivate = parse(f.dpop.exportPrivateJwk());
  private final long now = GrantFixture.NOW.getEpochSecond();

  private static JWK parse(String json) {
    try {
      return JWK.parse(json);
    } catch (java.text.ParseException e) {
      throw new AssertionError(e);
    }
  }

  private ObjectNode proofHeader(JWK key) {
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

  private ObjectNode proofClaims() {
    ObjectNode c = GrantFixture.JSON.createObjectNode();
    c.put("jti", "proof-" + System.nanoTime());
    c.put("htm", "GET");
    c.put("htu", GrantFixture.URL.toString());
    c.put("iat", now);
    c.put("ath", DpopKey.accessTokenHash(grant));
    return c;
  }

  private Reason reject(String proof) {
    return GrantFixture.rejection(f.verifier(), f.request(grant, proof));
  }

  private String proof(ObjectNode header, ObjectNode claims) {
    return signRaw(header.toString(), claims.toString(), dpopPrivate);
  }

  @Test
  void validProofIsAccepted() throws Exception {
    String proof = proof(proofHeader(dpopPrivate), proofClaims());
    assertThat(f.verifier().verify(f.request(grant, proof)).consentId()).isNotNull();
  }

  @Test
  void missingProofIsRejected() {
    assertThat(reject(null)).isEqualTo(Reason.DPOP_MISSING);
    assertThat(reject("")).isEqualTo(Reason.DPOP_MISSING);
  }

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void proofFromAnotherKeyIsRejected(SigningAlgorithm alg) {
    DpopKey thief = DpopKey.generate(alg).withClock(f.clock);
    assertThat(reject(thief.proof("GET", GrantFixture.URL, grant)))
        .isEqualTo(Reason.DPOP_KEY_MISMATCH);
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "get", "PUT", "DELETE"})
  void wrongMethodIsRejected(String method) {
    assertThat(reject(proof(proofHeader(dpopPrivate), proofClaims().put("htm", method))))
        .isEqualTo(Reason.DPOP_METHOD_MISMATCH);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://api.nhis.example/mydata/v1/items/nhis.premium",
        "https://evil.example/mydata/v1/items/nhis.qualification",
        "http://api.nhis.example/mydata/v1/items/nhis.qualification",
        "https://api.nhis.example:8443/mydata/v1/items/nhis.qualification",
        "https://api.nhis.example/mydata/v1/items/nhis.qualification?from=2020-01-01",
        "https://api.nhis.example/mydata/v1/items/nhis.qualification#x",
        "https://api.nhis.example/mydata/v1/items/nhis.qualification/",
        "not a url"
      })
  void wrongUrlIsRejected(String htu) {
    assertThat(reject(proof(proofHeader(dpopPrivate), proofClaims().put("htu", htu))))
        .isEqualTo(Reason.DPOP_URL_MISMATCH);
  }

  @Test
  void urlNormalisationAcceptsEquivalentForms() throws Exception {
    String htu = "HTTPS://API.NHIS.EXAMPLE:443/mydata/v1/items/nhis.qualification";
    String proof = proof(proofHeader(dpopPrivate), proofClaims().put("htu", htu));
    assertThat(f.verifier().verify(f.request(grant, proof)).consentId()).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(longs = {-91, -3600, 31, 3600})
  void staleOrFutureIatIsRejected(long offset) {
    assertThat(reject(proof(proofHeader(dpopPrivate), proofClaims().put("iat", now + offset))))
        .isEqualTo(Reason.DPOP_STALE);
  }

  @Test
  void iatWithinTheWindowIsAccepted() throws Exception {
    for (long offset : new long[] {-89, -30, 0, 29}) {
      String proof = proof(proofHeader(dpopPrivate), proofClaims().put("iat", now + offset));
      assertThat(f.verifier().verify(f.request(grant, proof)).consentId()).isNotNull();
    }
  }

  @Test
  void replayedJtiIsRejected() throws Exception {
    GrantVerifier verifier = f.verifier();
    String proof = f.dpop.proof("GET", GrantFixture.URL, grant);
    verifier.verify(f.request(grant, proof));
    assertThat(GrantFixture.rejection(verifier, f.request(grant, proof)))
        .isEqualTo(Reason.DPOP_REPLAY);
    // A different proof re-using the jti is a replay too.
    ObjectNode claims = proofClaims().put("jti", "fixed-jti");
    verifier.verify(f.request(grant, proof(proofHeader(dpopPrivate), claims)));
    ObjectNode again = proofClaims().put("jti", "fixed-jti").put("iat", now - 5);
    assertThat(
            GrantFixture.rejection(
                verifier, f.request(grant, proof(proofHeader(dpopPrivate), again))))
        .isEqualTo(Reason.DPOP_REPLAY);
  }

  @Test
  void highSTwinOfAProofVerifiesButIsStillAReplay() throws Exception {
    GrantVerifier verifier = f.verifier();
    String proof = f.dpop.proof("GET", GrantFixture.URL, grant);
    byte[] sig = Base64.getUrlDecoder().decode(proof.substring(proof.lastIndexOf('.') + 1));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
    byte[] twinS = N.subtract(s).toByteArray();
    byte[] twin = Arrays.copyOf(sig, 64);
    Arrays.fill(twin, 32, 64, (byte) 0);
    int len = Math.min(32, twinS.length);
    System.arraycopy(twinS, twinS.length - len, twin, 64 - len, len);
    String twinProof = proof.substring(0, proof.lastIndexOf('.') + 1) + b64(twin);
    assertThat(twinProof).isNotEqualTo(proof);
    // The twin is a valid signature: a fresh verifier accepts it...
    assertThat(f.verifier().verify(f.request(grant, twinProof)).consentId()).isNotNull();
    // ...but replay protection keys on jti, so after the original it is a replay.
    verifier.verify(f.request(grant, proof));
    assertThat(GrantFixture.rejection(verifier, f.request(grant, twinProof)))
        .isEqualTo(Reason.DPOP_REPLAY);
  }

  @Test
  void wrongOrMissingAthIsRejected() {
    assertThat(reject(proof(proofHeader(dpopPrivate), proofClaims().put("ath", "AAAA"))))
        .isEqualTo(Reason.DPOP_ATH_MISMATCH);
    ObjectNode noAth = proofClaims();
    noAth.remove("ath");
    assertThat(reject(proof(proofHeader(dpopPrivate), noAth))).isEqualTo(Reason.DPOP_ATH_MISMATCH);
    String otherGrant = f.tokenWith(c -> c.put("jti", "another-grant"));
    ObjectNode forOther = proofClaims().put("ath", DpopKey.accessTokenHash(otherGrant));
    assertThat(reject(proof(proofHeader(dpopPrivate), forOther)))
        .isEqualTo(Reason.DPOP_ATH_MISMATCH);
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "None", "NONE"})
  void proofWithAlgNoneIsRejected(String none) {
    ObjectNode header = proofHeader(dpopPrivate).put("alg", none);
    String unsigned = b64(header.toString()) + "." + b64(proofClaims().toString()) + ".";
    assertThat(reject(unsigned)).isEqualTo(Reason.DPOP_INVALID);
    assertThat(reject(unsigned + "AAAA")).isEqualTo(Reason.DPOP_INVALID);
  }

  @Test
  void proofWithHs256IsRejected() throws Exception {
    ObjectNode header = proofHeader(dpopPrivate).put("alg", "HS256");
    String input = b64(header.toString()) + "." + b64(proofClaims().toString());
    Mac mac = Mac.getInstance("HmacSHA256");
    byte[] secret = dpopPrivate.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
    mac.init(new SecretKeySpec(secret, "HmacSHA256"));
    assertThat(reject(input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)))))
        .isEqualTo(Reason.DPOP_INVALID);
  }

  @Test
  void proofWhoseJwkCarriesAPrivatePartIsRejected() throws Exception {
    ObjectNode header = proofHeader(dpopPrivate);
    header.set("jwk", GrantFixture.JSON.readTree(dpopPrivate.toJSONString()));
    assertThat(((ObjectNode) header.get("jwk")).has("d")).isTrue();
    assertThat(reject(proof(header, proofClaims()))).isEqualTo(Reason.DPOP_INVALID);
  }

  @Test
  void proofWithWrongTypIsRejected() {
    for (String typ :
        new String[] {
          "JWT",
          "mydata-grant+jwt",
          "application/mydata-grant+jwt",
          "dpop+jwt ",
          "dpop+jwt;charset=utf-8",
          "text/dpop+jwt",
          "application//dpop+jwt",
          "dpop-jwt",
          "dpop+jw\u0131",
          "\u0130pop+jwt",
          "dpop+jw\u212A",
          ""
        }) {
      assertThat(reject(proof(proofHeader(dpopPrivate).put("typ", typ), proofClaims())))
          .isEqualTo(Reason.DPOP_INVALID);
    }
  }

  @Test
  void proofTypIsComparedAsAMediaType() throws Exception {
    for (String typ :
        new String[] {"dpop+jwt", "DPOP+JWT", "application/dpop+jwt", "APPLICATION/DPOP+JWT"}) {
      String proof = proof(proofHeader(dpopPrivate).put("typ", typ), proofClaims());
      assertThat(f.verifier().verify(f.request(grant, proof))).isNotNull();
    }
  }

  @Test
  void proofWithoutJwkOrWithExtraHeaderIsRejected() {
    ObjectNode noJwk = proofHeader(dpopPrivate);
    noJwk.remove("jwk");
    assertThat(reject(proof(noJwk, proofClaims()))).isEqualTo(Reason.DPOP_INVALID);
    ObjectNode jku = proofHeader(dpopPrivate).put("jku", "https://evil.example/jwks");
    assertThat(reject(proof(jku, proofClaims()))).isEqualTo(Reason.DPOP_INVALID);
  }

  @Test
  void proofWithBadSignatureIsRejected() {
    String proof = f.dpop.proof("GET", GrantFixture.URL, grant);
    String[] parts = proof.split("\\.");
    String forged =
        parts[0] + "." + b64(proofClaims().put("htm", "GET").toString()) + "." + parts[2];
    assertThat(reject(forged)).isEqualTo(Reason.DPOP_INVALID);
  }

  @Test
  void proofWithoutJtiOrIatIsRejected() {
    ObjectNode noJti = proofClaims();
    noJti.remove("jti");
    assertThat(reject(proof(proofHeader(dpopPrivate), noJti))).isEqualTo(Reason.DPOP_INVALID);
    ObjectNode noIat = proofClaims();
    noIat.remove("iat");
    assertThat(reject(proof(proofHeader(dpopPrivate), noIat))).isEqualTo(Reason.DPOP_INVALID);
  }

  @Test
  void cacheHitStillChecksTheProof() throws Exception {
    GrantVerifier verifier = f.verifier();
    verifier.verify(f.request(grant));
    DpopKey thief = DpopKey.generate().withClock(f.clock);
    assertThat(
            GrantFixture.rejection(
                verifier, f.request(grant, thief.proof("GET", GrantFixture.URL, grant))))
        .isEqualTo(Reason.DPOP_KEY_MISMATCH);
    assertThat(GrantFixture.rejection(verifier, f.request(grant, null)))
        .isEqualTo(Reason.DPOP_MISSING);
  }

  @Test
  void waivedDpopAcceptsBearerGrants() throws Exception {
    GrantVerifier bearer = f.verifierBuilder().withoutDpop().build();
    assertThat(bearer.verify(f.request(grant, null)).consentId()).isNotNull();
  }
}
