package org.mydatakit.grant;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.EllipticCurves;
import org.junit.jupiter.api.Test;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;

/**
 * Another JOSE library writes {@code typ} as the full media type, in its own letter case: the same
 * type, so accepted (RFC 7515 §4.1.9).
 */
class Jose4jMediaTypeInteropTest {
  private final Clock clock = Clock.fixed(GrantFixture.NOW, ZoneOffset.UTC);

  @Test
  void aGrantAndProofWithFullMediaTypesAreAccepted() throws Exception {
    SigningKeySet keys = SigningKeySet.generate(SigningAlgorithm.ES256);
    ECKey broker = (ECKey) JWKSet.parse(keys.exportPrivateJwks()).getKeys().get(0);
    EllipticCurveJsonWebKey consumer = EcJwkGenerator.generateJwk(EllipticCurves.P256);
    long now = GrantFixture.NOW.getEpochSecond();

    JwtClaims claims = new JwtClaims();
    claims.setIssuer(GrantFixture.ISSUER);
    claims.setAudience("NHIS");
    claims.setSubject(GrantFixture.SUBJECT);
    claims.setStringClaim("azp", "KB-BANK");
    claims.setStringClaim("cid", GrantFixture.CONSENT_ID);
    claims.setStringClaim("scope", "nhis.qualification");
    claims.setStringClaim("pur", "loan-screening");
    claims.setIssuedAt(NumericDate.fromSeconds(now));
    claims.setNotBefore(NumericDate.fromSeconds(now));
    claims.setExpirationTime(NumericDate.fromSeconds(now + 300));
    claims.setJwtId("jose4j-grant-media-type");
    claims.setClaim("cnf", Map.of("jkt", consumer.calculateBase64urlEncodedThumbprint("SHA-256")));
    JsonWebSignature grantJws = new JsonWebSignature();
    grantJws.setPayload(claims.toJson());
    grantJws.setAlgorithmHeaderValue("ES256");
    grantJws.setKeyIdHeaderValue(keys.currentKeyId());
    grantJws.setHeader("typ", "application/mydata-grant+jwt");
    grantJws.setKey(broker.toECPrivateKey());
    String grant = grantJws.getCompactSerialization();

    JwtClaims proofClaims = new JwtClaims();
    proofClaims.setJwtId("jose4j-proof-1");
    proofClaims.setStringClaim("htm", "GET");
    proofClaims.setStringClaim("htu", GrantFixture.URL.toString());
    proofClaims.setIssuedAt(NumericDate.fromSeconds(now));
    proofClaims.setStringClaim("ath", DpopKey.accessTokenHash(grant));
    JsonWebSignature proofJws = new JsonWebSignature();
    proofJws.setPayload(proofClaims.toJson());
    proofJws.setAlgorithmHeaderValue("ES256");
    proofJws.setHeader("typ", "APPLICATION/DPOP+JWT");
    proofJws.setJwkHeader(consumer);
    proofJws.setKey(consumer.getPrivateKey());
    String proof = proofJws.getCompactSerialization();

    GrantVerifier verifier =
        GrantVerifier.builder()
            .trustedIssuer(GrantFixture.ISSUER, keys.verificationKeys())
            .audience(GrantFixture.SELF)
            .withoutRevocationCheck()
            .clock(clock)
            .build();
    VerifiedGrant verified =
        verifier.verify(
            GrantRequest.builder()
                .grant(grant)
                .dpopProof(proof)
                .method("GET")
                .url(GrantFixture.URL)
                .item(ItemCode.of("nhis.qualification"))
                .build());
    assertThat(verified.grantId()).isEqualTo("jose4j-grant-media-type");
  }
}
