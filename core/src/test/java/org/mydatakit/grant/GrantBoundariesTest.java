package org.mydatakit.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.grant.InvalidGrantException.Reason;
import org.mydatakit.keys.SigningAlgorithm;

/**
 * Every limit of the grant package at its exact edge: the last accepted value passes, the first
 * refused one is refused with its reason. And what the package's objects say about themselves.
 */
class GrantBoundariesTest {
  private static final long END_OF_9999 = 253_402_300_799L;

  private final GrantFixture f = new GrantFixture(SigningAlgorithm.ES256);

  private Reason rejectionWithoutDpop(String token) {
    return GrantFixture.rejection(
        f.verifierBuilder().withoutDpop().build(), f.request(token, null));
  }

  @Test
  void aTokenOfExactlyTheSizeCapIsReadAndOneMoreIsTooLarge() {
    assertThat(rejectionWithoutDpop("a".repeat(8192))).isEqualTo(Reason.MALFORMED);
    assertThat(rejectionWithoutDpop("a".repeat(8193))).isEqualTo(Reason.TOO_LARGE);
  }

  @Test
  void theFirstSecondOf1970IsADateTheVerifierReads() {
    String token = f.tokenWith(c -> c.put("iat", 0).put("nbf", 0).put("exp", 300));
    assertThat(rejectionWithoutDpop(token)).as("read, then expired").isEqualTo(Reason.EXPIRED);
  }

  @Test
  void theLastSecondOf9999IsADateTheVerifierReads() {
    long iat = END_OF_9999 - 300;
    String token = f.tokenWith(c -> c.put("iat", iat).put("nbf", iat).put("exp", END_OF_9999));
    assertThat(rejectionWithoutDpop(token)).isEqualTo(Reason.NOT_YET_VALID);
    String beyond = f.tokenWith(c -> c.put("iat", iat).put("nbf", iat).put("exp", END_OF_9999 + 1));
    assertThat(rejectionWithoutDpop(beyond)).isEqualTo(Reason.INVALID_CLAIM);
  }

  @Test
  void aGrantIdOf128CharactersIsReadAnd129AreNot() throws Exception {
    String longest = f.tokenWith(c -> c.put("jti", "j".repeat(128)));
    assertThat(f.verifier().verify(f.request(longest)).grantId()).hasSize(128);
    assertThat(rejectionWithoutDpop(f.tokenWith(c -> c.put("jti", "j".repeat(129)))))
        .isEqualTo(Reason.INVALID_CLAIM);
  }

  @Test
  void verifierSettingsAcceptTheEndsOfTheirRanges() {
    assertThat(f.verifierBuilder().clockSkew(Duration.ZERO).build()).isNotNull();
    assertThat(f.verifierBuilder().clockSkew(Duration.ofMinutes(5)).build()).isNotNull();
    assertThat(f.verifierBuilder().maxGrantLifetime(Duration.ofSeconds(1)).build()).isNotNull();
    assertThat(f.verifierBuilder().maxGrantLifetime(Grant.MAX_LIFETIME).build()).isNotNull();
    assertThat(f.verifierBuilder().proofMaxAge(Duration.ofSeconds(1)).build()).isNotNull();
    assertThat(f.verifierBuilder().proofMaxAge(Duration.ofMinutes(5)).build()).isNotNull();
    assertThatThrownBy(() -> f.verifierBuilder().clockSkew(Duration.ofSeconds(301)).build())
        .hasMessage("clock skew: expected PT0S to PT5M, got PT5M1S");
  }

  @Test
  void issuerLifetimesAcceptTheEndsOfTheirRange() {
    assertThat(GrantIssuer.builder(f.keys, GrantFixture.ISSUER).lifetime(Duration.ofSeconds(1)))
        .extracting(GrantIssuer.Builder::build)
        .isNotNull();
    assertThat(GrantIssuer.builder(f.keys, GrantFixture.ISSUER).lifetime(Grant.MAX_LIFETIME))
        .extracting(GrantIssuer.Builder::build)
        .isNotNull();
    assertThatThrownBy(
            () ->
                GrantIssuer.builder(f.keys, GrantFixture.ISSUER)
                    .lifetime(Duration.ofMillis(999))
                    .build())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theReplayCacheForgetsAProofIdExactlyWhenItExpires() {
    DpopReplayCache cache = DpopReplayCache.inMemory(1);
    Instant now = GrantFixture.NOW;
    assertThat(cache.firstUse("k:1", now, now.plusSeconds(10))).isTrue();
    assertThat(cache.firstUse("k:1", now.plusSeconds(9), now.plusSeconds(20))).isFalse();
    assertThat(cache.firstUse("k:1", now.plusSeconds(10), now.plusSeconds(20)))
        .as("its expiry second has come")
        .isTrue();
    assertThat(cache.firstUse("k:1", now.plusSeconds(19), now.plusSeconds(30))).isFalse();
  }

  @Test
  void aFullReplayCacheMakesRoomOnlyFromExpiredIdsAndOtherwiseRefuses() {
    DpopReplayCache cache = DpopReplayCache.inMemory(1);
    Instant now = GrantFixture.NOW;
    assertThat(cache.firstUse("k:1", now, now.plusSeconds(10))).isTrue();
    assertThat(cache.firstUse("k:2", now.plusSeconds(9), now.plusSeconds(20)))
        .as("full of a live id: fail closed")
        .isFalse();
    assertThat(cache.firstUse("k:2", now.plusSeconds(10), now.plusSeconds(20)))
        .as("the id expiring this second makes room")
        .isTrue();
    assertThatThrownBy(() -> DpopReplayCache.inMemory(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("replay cache capacity: expected >= 1, got 0");
    assertThat(DpopReplayCache.inMemory(7).toString())
        .isEqualTo("DpopReplayCache[perKey, maxKeys=7, proofsPerKey=1, maxEntries=7]");
  }

  @Test
  void objectsDescribeThemselvesWithoutSecrets() throws Exception {
    String token = f.token();
    GrantRequest request = f.request(token);
    VerifiedGrant verified = f.verifier().verify(request);
    assertThat(f.verifier().toString()).isEqualTo("GrantVerifier[audience=NHIS]");
    assertThat(f.dpop.toString()).isEqualTo("DpopKey[alg=ES256]");
    assertThat(DpopProofVerifier.builder().build().toString()).isEqualTo("DpopProofVerifier");
    assertThat(request.toString())
        .isEqualTo("GrantRequest[method=GET, items=[nhis.qualification]]");
    assertThat(verified.toString())
        .startsWith("VerifiedGrant[consent=" + GrantFixture.CONSENT_ID)
        .doesNotContain(token)
        .doesNotContain(GrantFixture.SUBJECT);
    assertThat(verified.issuedAt()).isEqualTo(GrantFixture.NOW.minusSeconds(10));
    assertThat(request.url()).isEqualTo(GrantFixture.URL);
    assertThat(request.scopeChecked()).isTrue();
    assertThat(
            GrantRequest.builder()
                .grant(token)
                .method("GET")
                .url(GrantFixture.URL)
                .withoutScopeCheck()
                .build()
                .scopeChecked())
        .isFalse();
    Grant grant =
        Grant.of(
            token,
            "grant-jti-0001",
            ConsentId.parse(GrantFixture.CONSENT_ID),
            AgencyId.of("NHIS"),
            GrantFixture.NOW,
            GrantFixture.NOW.plusSeconds(300));
    assertThat(grant.consentId()).isEqualTo(ConsentId.parse(GrantFixture.CONSENT_ID));
    assertThat(grant.toString())
        .startsWith("Grant[consent=" + GrantFixture.CONSENT_ID + ", provider=NHIS")
        .doesNotContain(token);
    assertThat(GrantIssuer.builder(f.keys, GrantFixture.ISSUER).build().toString())
        .isEqualTo("GrantIssuer[issuer=https://broker.example, lifetime=PT5M]");
    for (Reason reason : Reason.values()) {
      assertThat(reason.description()).as("%s", reason).isNotBlank();
      assertThat(new InvalidGrantException(reason).getMessage())
          .isEqualTo(reason.name() + ": " + reason.description());
    }
  }
}
