package org.mydatakit.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mydatakit.grant.InvalidGrantException.Reason;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.status.RevocationCheck;
import org.mydatakit.status.StatusUnavailableException;
import org.mydatakit.status.TokenStatus;

/** The verifier's configuration, its cache, and its revocation check. */
class GrantVerifierTest {
  private final GrantFixture f = new GrantFixture(SigningAlgorithm.ES256);

  private GrantVerifier withRevocation(RevocationCheck check) {
    return GrantVerifier.builder()
        .trustedIssuer(GrantFixture.ISSUER, f.keys.verificationKeys())
        .audience(GrantFixture.SELF)
        .revocationCheck(check)
        .clock(f.clock)
        .build();
  }

  @Test
  void verifiedGrantCarriesTheClaims() throws Exception {
    VerifiedGrant grant = f.verifier().verify(f.request(f.token()));
    assertThat(grant.consumer().value()).isEqualTo("KB-BANK");
    assertThat(grant.provider()).isEqualTo(GrantFixture.SELF);
    assertThat(grant.scope())
        .extracting(Object::toString)
        .containsExactlyInAnyOrder("nhis.qualification", "nhis.premium");
    assertThat(grant.purpose()).isEqualTo("loan-screening");
    assertThat(grant.grantId()).isEqualTo("grant-jti-0001");
    assertThat(grant.expiresAt()).isEqualTo(GrantFixture.NOW.plusSeconds(290));
    assertThat(grant.status()).hasValueSatisfying(s -> assertThat(s.index()).isEqualTo(42));
    assertThat(grant.dataRange()).isEmpty();
  }

  @Test
  void rePresentedGrantSkipsTheSignatureButNotThePerRequestChecks() throws Exception {
    StrictGrantVerifier verifier = (StrictGrantVerifier) f.verifier();
    String token = f.token();
    for (int i = 0; i < 3; i++) {
      verifier.verify(f.request(token));
    }
    assertThat(verifier.envelopeChecks()).isEqualTo(1);
    String proof = f.dpop.proof("GET", GrantFixture.URL, token);
    verifier.verify(f.request(token, proof));
    assertThat(GrantFixture.rejection(verifier, f.request(token, proof)))
        .isEqualTo(Reason.DPOP_REPLAY);
    verifier.verify(f.request(f.tokenWith(c -> c.put("jti", "other"))));
    assertThat(verifier.envelopeChecks()).isEqualTo(2);
  }

  @Test
  void cacheCanBeDisabled() throws Exception {
    StrictGrantVerifier verifier =
        (StrictGrantVerifier) f.verifierBuilder().grantCacheSize(0).build();
    String token = f.token();
    verifier.verify(f.request(token));
    verifier.verify(f.request(token));
    assertThat(verifier.envelopeChecks()).isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(TokenStatus.class)
  void statusDecidesTheOutcome(TokenStatus status) throws Exception {
    GrantVerifier verifier = withRevocation(ref -> status);
    if (status == TokenStatus.VALID) {
      assertThat(verifier.verify(f.request(f.token())).consentId()).isNotNull();
    } else {
      assertThat(GrantFixture.rejection(verifier, f.request(f.token())))
          .isEqualTo(status == TokenStatus.INVALID ? Reason.REVOKED : Reason.SUSPENDED);
    }
  }

  @Test
  void statusIsAskedOnEveryRequestWithTheGrantsReference() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    GrantVerifier verifier =
        withRevocation(
            ref -> {
              assertThat(ref.index()).isEqualTo(42);
              assertThat(ref.uri().toString()).isEqualTo("https://broker.example/status/1");
              return asked.incrementAndGet() == 1 ? TokenStatus.VALID : TokenStatus.INVALID;
            });
    String token = f.token();
    verifier.verify(f.request(token));
    assertThat(GrantFixture.rejection(verifier, f.request(token))).isEqualTo(Reason.REVOKED);
    assertThat(asked).hasValue(2);
  }

  @Test
  void unavailableOrStaleStatusFailsClosed() {
    assertThat(
            GrantFixture.rejection(
                withRevocation(
                    ref -> {
                      throw new StatusUnavailableException("no list", false, null);
                    }),
                f.request(f.token())))
        .isEqualTo(Reason.STATUS_UNAVAILABLE);
    assertThat(
            GrantFixture.rejection(
                withRevocation(
                    ref -> {
                      throw new StatusUnavailableException("old list", true, null);
                    }),
                f.request(f.token())))
        .isEqualTo(Reason.STATUS_STALE);
    assertThat(
            GrantFixture.rejection(
                withRevocation(
                    ref -> {
                      throw new IllegalStateException("bug in the source");
                    }),
                f.request(f.token())))
        .isEqualTo(Reason.STATUS_UNAVAILABLE);
    assertThat(GrantFixture.rejection(withRevocation(ref -> null), f.request(f.token())))
        .isEqualTo(Reason.STATUS_UNAVAILABLE);
  }

  @Test
  void builderRequiresIssuerAudienceAndARevocationDecision() {
    assertThatThrownBy(() -> GrantVerifier.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("trustedIssuer");
    assertThatThrownBy(
            () ->
                GrantVerifier.builder()
                    .trustedIssuer(GrantFixture.ISSUER, f.keys.verificationKeys())
                    .withoutRevocationCheck()
                    .build())
        .hasMessageContaining("audience");
    assertThatThrownBy(
            () ->
                GrantVerifier.builder()
                    .trustedIssuer(GrantFixture.ISSUER, f.keys.verificationKeys())
                    .audience(GrantFixture.SELF)
                    .build())
        .hasMessageContaining("withoutRevocationCheck");
  }

  @Test
  void builderRejectsContradictionsAndOutOfRangeValuesWithoutClamping() {
    assertThatThrownBy(() -> f.verifierBuilder().revocationCheck(ref -> TokenStatus.VALID).build())
        .hasMessageContaining("contradicts");
    assertThatThrownBy(
            () ->
                f.verifierBuilder().withoutDpop().replayCache(DpopReplayCache.inMemory(10)).build())
        .hasMessageContaining("contradicts");
    assertThatThrownBy(() -> f.verifierBuilder().clockSkew(Duration.ofMinutes(6)).build())
        .hasMessageContaining("clock skew");
    assertThatThrownBy(() -> f.verifierBuilder().clockSkew(Duration.ofSeconds(-1)).build())
        .hasMessageContaining("clock skew");
    assertThatThrownBy(() -> f.verifierBuilder().maxGrantLifetime(Duration.ofMinutes(11)).build())
        .hasMessageContaining("max grant lifetime");
    assertThatThrownBy(() -> f.verifierBuilder().proofMaxAge(Duration.ZERO).build())
        .hasMessageContaining("proof max age");
    assertThatThrownBy(() -> f.verifierBuilder().grantCacheSize(-1).build())
        .hasMessageContaining("grant cache size");
  }

  @Test
  void builderChangesAfterBuildDoNotAffectTheVerifier() throws Exception {
    GrantVerifier.Builder builder = f.verifierBuilder();
    GrantVerifier verifier = builder.build();
    builder.audience(org.mydatakit.consent.AgencyId.of("NTS")).withoutDpop();
    assertThat(verifier.verify(f.request(f.token())).provider()).isEqualTo(GrantFixture.SELF);
    assertThat(GrantFixture.rejection(verifier, f.request(f.token(), null)))
        .isEqualTo(Reason.DPOP_MISSING);
  }

  @Test
  void replayCacheFailsClosedWhenFull() throws Exception {
    GrantVerifier verifier = f.verifierBuilder().replayCache(DpopReplayCache.perKey(1, 2)).build();
    String token = f.token();
    verifier.verify(f.request(token));
    verifier.verify(f.request(token));
    assertThat(GrantFixture.rejection(verifier, f.request(token))).isEqualTo(Reason.DPOP_REPLAY);
  }

  @Test
  void requestRequiresMethodUrlAndItemsOrAnExplicitWaiver() {
    assertThatThrownBy(
            () -> GrantRequest.builder().url(GrantFixture.URL).item(GrantFixture.ITEM).build())
        .hasMessageContaining("method");
    assertThatThrownBy(() -> GrantRequest.builder().method("GET").url(GrantFixture.URL).build())
        .hasMessageContaining("withoutScopeCheck");
    assertThatThrownBy(
            () ->
                GrantRequest.builder()
                    .method("GET")
                    .url(GrantFixture.URL)
                    .item(GrantFixture.ITEM)
                    .withoutScopeCheck()
                    .build())
        .hasMessageContaining("contradicts");
  }
}
