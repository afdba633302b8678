package org.mydatakit.grant;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.Key;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;

/** Interoperability with an independent JOSE implementation (jose4j), both directions. */
class Jose4jInteropTest {
  private final Clock clock = Clock.fixed(GrantFixture.NOW, ZoneOffset.UTC);

  private static JWK privateKey(SigningKeySet keys) throws Exception {
    return JWKSet.parse(keys.exportPrivateJwks()).getKeys().get(0);
  }

  private static Key publicJcaKey(JWK jwk) throws Exception {
    return jwk instanceof ECKey ec ? ec.toECPublicKey() : ((RSAKey) jwk).toRSAPublicKey();
  }

  private static Key privateJcaKey(JWK jwk) throws Exception {
    return jwk instanceof ECKey ec ? ec.toECPrivateKey() : ((RSAKey) jwk).toRSAPrivateKey();
  }

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void jose4jVerifiesOurGrants(SigningAlgorithm alg) throws Exception {
    SigningKeySet keys = SigningKeySet.generate(alg);
    DpopKey consumer = DpopKey.generate();
    Consent consent = SampleConsents.active();
    Grant grant =
        GrantIssuer.builder(keys, GrantFixture.ISSUER)
            .build()
            .issue(consent, SampleConsents.NHIS, consumer.thumbprint());

    JwtConsumer jose4j =
        new JwtConsumerBuilder()
            .setVerificationKey(publicJcaKey(privateKey(keys)))
            .setJwsAlgorithmConstraints(new AlgorithmConstraints(ConstraintType.PERMIT, alg.name()))
            .setExpectedType(true, "mydata-grant+jwt")
            .setExpectedIssuer(GrantFixture.ISSUER)
            .setExpectedAudience("NHIS")
            .setRequireExpirationTime()
            .setRequireIssuedAt()
            .setRequireNotBefore()
            .setRequireJwtId()
            .setRequireSubject()
            .build();
    JwtClaims claims = jose4j.processToClaims(grant.token());
    assertThat(claims.getSubject())
        .isEqualTo(consent.subject().at(SampleConsents.NHIS).orElseThrow().value());
    assertThat(claims.getStringClaimValue("cid")).isEqualTo(consent.id().toString());
    assertThat(claims.getStringClaimValue("azp")).isEqualTo("KB-BANK");
    assertThat(claims.getStringClaimValue("scope")).isEqualTo("nhis.premium nhis.qualification");
    assertThat(claims.getClaimValue("cnf", Map.class)).containsEntry("jkt", consumer.thumbprint());
    assertThat(claims.getJwtId()).isEqualTo(grant.grantId());
  }

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void ourVerifierAcceptsAGrantJose4jSigned(SigningAlgorithm alg) throws Exception {
    SigningKeySet keys = SigningKeySet.generate(alg);
    DpopKey consumer = DpopKey.generate().withClock(clock);
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(GrantFixture.ISSUER);
    claims.setAudience("NHIS");
    claims.setSubject(GrantFixture.SUBJECT);
    claims.setStringClaim("azp", "KB-BANK");
    claims.setStringClaim("cid", GrantFixture.CONSENT_ID);
    claims.setStringClaim("scope", "nhis.qualification");
    claims.setStringClaim("pur", "loan-screening");
    claims.setIssuedAt(NumericDate.fromSeconds(GrantFixture.NOW.getEpochSecond()));
    claims.setNotBefore(NumericDate.fromSeconds(GrantFixture.NOW.getEpochSecond()));
    claims.setExpirationTime(NumericDate.fromSeconds(GrantFixture.NOW.getEpochSecond() + 300));
    claims.setJwtId("jose4j-grant-1");
    claims.setClaim("cnf", Map.of("jkt", consumer.thumbprint()));

    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setAlgorithmHeaderValue(alg.name());
    jws.setKeyIdHeaderValue(keys.currentKeyId());
    jws.setHeader("typ", "mydata-grant+jwt");
    jws.setKey(privateJcaKey(privateKey(keys)));
    String token = jws.getCompactSerialization();

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
                .grant(token)
                .dpopProof(consumer.proof("GET", GrantFixture.URL, token))
                .method("GET")
                .url(GrantFixture.URL)
                .item(ItemCode.of("nhis.qualification"))
                .build());
    assertThat(verified.grantId()).isEqualTo("jose4j-grant-1");
    assertThat(verified.subject().value()).isEqualTo(GrantFixture.SUBJECT);
  }
}
