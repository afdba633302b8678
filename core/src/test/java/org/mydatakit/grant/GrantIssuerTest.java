package org.mydatakit.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentStateException;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.consent.RevokedBy;
import org.mydatakit.consent.internal.ConsentLifecycle;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.status.StatusReference;
import org.mydatakit.status.TokenStatus;

/** Issuing grants: exactly the profile's header and claims, and only for a usable consent. */
class GrantIssuerTest {
  static final Instant NOW = Instant.parse("2026-06-01T03:00:00Z");
  static final StatusReference STATUS =
      StatusReference.of(URI.create("https://broker.example/status/1"), 42);

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final DpopKey consumer = DpopKey.generate().withClock(clock);

  private GrantIssuer issuer(SigningKeySet keys) {
    return GrantIssuer.builder(keys, GrantFixture.ISSUER).clock(clock).build();
  }

  private static JsonNode part(String token, int index) throws Exception {
    return GrantFixture.JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[index]));
  }

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void issuedGrantHasExactlyTheProfilesHeaderAndClaims(SigningAlgorithm alg) throws Exception {
    SigningKeySet keys = SigningKeySet.generate(alg);
    Consent consent = SampleConsents.active();
    Grant grant = issuer(keys).issue(consent, SampleConsents.NHIS, consumer.thumbprint(), STATUS);

    JsonNode header = part(grant.token(), 0);
    List<String> headerNames = new ArrayList<>();
    header.fieldNames().forEachRemaining(headerNames::add);
    assertThat(headerNames).containsExactlyInAnyOrder("typ", "alg", "kid");
    assertThat(header.get("typ").asText()).isEqualTo("mydata-grant+jwt");
    assertThat(header.get("alg").asText()).isEqualTo(alg.name());
    assertThat(header.get("kid").asText()).isEqualTo(keys.currentKeyId());

    JsonNode claims = part(grant.token(), 1);
    List<String> names = new ArrayList<>();
    claims.fieldNames().forEachRemaining(names::add);
    assertThat(names)
        .containsExactlyInAnyOrder(
            "iss", "aud", "sub", "azp", "cid", "scope", "pur", "rng", "iat", "nbf", "exp", "jti",
            "cnf", "status");
    assertThat(claims.get("aud").isTextual()).isTrue();
    assertThat(claims.get("aud").asText()).isEqualTo("NHIS");
    assertThat(claims.get("sub").asText())
        .isEqualTo(consent.subject().at(SampleConsents.NHIS).orElseThrow().value())
        .isNotEqualTo(consent.subject().at(SampleConsents.NTS).orElseThrow().value());
    assertThat(claims.get("azp").asText()).isEqualTo("KB-BANK");
    assertThat(claims.get("cid").asText()).isEqualTo(consent.id().toString());
    assertThat(claims.get("scope").asText()).isEqualTo("nhis.premium nhis.qualification");
    assertThat(claims.get("pur").asText()).isEqualTo("loan-screening");
    assertThat(claims.get("rng").toString())
        .isEqualTo("{\"from\":\"2025-01-01\",\"to\":\"2025-12-31\"}");
    assertThat(claims.get("iat").asLong()).isEqualTo(NOW.getEpochSecond());
    assertThat(claims.get("nbf").asLong()).isEqualTo(NOW.getEpochSecond());
    assertThat(claims.get("exp").asLong()).isEqualTo(NOW.getEpochSecond() + 300);
    assertThat(claims.get("jti").asText()).isEqualTo(grant.grantId()).hasSize(22);
    assertThat(claims.at("/cnf/jkt").asText()).isEqualTo(consumer.thumbprint());
    assertThat(claims.at("/status/status_list/idx").asLong()).isEqualTo(42);
    assertThat(claims.at("/status/status_list/uri").asText())
        .isEqualTo("https://broker.example/status/1");
  }

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void issuedGrantVerifiesAtItsProviderWithDpop(SigningAlgorithm alg) throws Exception {
    SigningKeySet keys = SigningKeySet.generate(alg);
    Consent consent = SampleConsents.active();
    Grant grant = issuer(keys).issue(consent, SampleConsents.NHIS, consumer.thumbprint(), STATUS);
    GrantVerifier nhis =
        GrantVerifier.builder()
            .trustedIssuer(GrantFixture.ISSUER, keys.verificationKeys())
            .audience(SampleConsents.NHIS)
            .revocationCheck(ref -> ref.equals(STATUS) ? TokenStatus.VALID : TokenStatus.INVALID)
            .clock(clock)
            .build();
    URI url = URI.create("https://api.nhis.example/mydata/v1/items/nhis.premium?from=2025-01-01");
    VerifiedGrant verified =
        nhis.verify(
            GrantRequest.builder()
                .grant(grant.token())
                .dpopProof(consumer.proof("GET", url, grant.token()))
                .method("GET")
                .url(url)
                .item(ItemCode.of("nhis.premium"))
                .build());
    assertThat(verified.consentId()).isEqualTo(consent.id());
    assertThat(verified.subject())
        .isEqualTo(consent.subject().at(SampleConsents.NHIS).orElseThrow());
    assertThat(verified.dataRange()).isEqualTo(consent.dataRange());
    assertThat(verified.grantId()).isEqualTo(grant.grantId());

    GrantVerifier nts =
        GrantVerifier.builder()
            .trustedIssuer(GrantFixture.ISSUER, keys.verificationKeys())
            .audience(SampleConsents.NTS)
            .withoutRevocationCheck()
            .withoutDpop()
            .clock(clock)
            .build();
    assertThat(
            GrantFixture.rejection(
                nts,
                GrantRequest.builder()
                    .grant(grant.token())
                    .method("GET")
                    .url(url)
                    .item(ItemCode.of("nts.income-certificate"))
                    .build()))
        .isEqualTo(InvalidGrantException.Reason.WRONG_AUDIENCE);
  }

  @Test
  void grantNeverOutlivesItsConsent() {
    Clock late = Clock.fixed(SampleConsents.VALID_UNTIL.minusSeconds(60), ZoneOffset.UTC);
    Grant grant =
        GrantIssuer.builder(SigningKeySet.generate(SigningAlgorithm.ES256), GrantFixture.ISSUER)
            .clock(late)
            .build()
            .issue(SampleConsents.active(), SampleConsents.NHIS, consumer.thumbprint());
    assertThat(grant.expiresAt()).isEqualTo(SampleConsents.VALID_UNTIL);
  }

  @Test
  void lifetimeIsConfigurableUpToTheCapAndNeverClamped() {
    SigningKeySet keys = SigningKeySet.generate(SigningAlgorithm.ES256);
    Grant tenMinutes =
        GrantIssuer.builder(keys, GrantFixture.ISSUER)
            .lifetime(Duration.ofMinutes(10))
            .clock(clock)
            .build()
            .issue(SampleConsents.active(), SampleConsents.NHIS, consumer.thumbprint());
    assertThat(Duration.between(tenMinutes.issuedAt(), tenMinutes.expiresAt()))
        .isEqualTo(Duration.ofMinutes(10));
    assertThatThrownBy(
            () ->
                GrantIssuer.builder(keys, GrantFixture.ISSUER)
                    .lifetime(Duration.ofMinutes(10).plusSeconds(1))
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("grant lifetime");
    assertThatThrownBy(
            () -> GrantIssuer.builder(keys, GrantFixture.ISSUER).lifetime(Duration.ZERO).build())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void onlyAnActiveConsentWithinValidityGetsAGrant() {
    GrantIssuer issuer = issuer(SigningKeySet.generate(SigningAlgorithm.ES256));
    Consent active = SampleConsents.active();
    for (Consent unusable :
        List.of(
            SampleConsents.requested(),
            ConsentLifecycle.pause(active, NOW.minusSeconds(10)),
            ConsentLifecycle.revoke(
                active, NOW.minusSeconds(10), RevokedBy.CITIZEN, "changed my mind"))) {
      assertThatThrownBy(() -> issuer.issue(unusable, SampleConsents.NHIS, consumer.thumbprint()))
          .isInstanceOf(ConsentStateException.class)
          .hasMessageContaining("expected state ACTIVE");
    }
    GrantIssuer afterExpiry =
        GrantIssuer.builder(SigningKeySet.generate(SigningAlgorithm.ES256), GrantFixture.ISSUER)
            .clock(Clock.fixed(SampleConsents.VALID_UNTIL, ZoneOffset.UTC))
            .build();
    assertThatThrownBy(() -> afterExpiry.issue(active, SampleConsents.NHIS, consumer.thumbprint()))
        .isInstanceOf(ConsentStateException.class)
        .hasMessageContaining("validity");
  }

  @Test
  void providerAndThumbprintAreValidated() {
    GrantIssuer issuer = issuer(SigningKeySet.generate(SigningAlgorithm.ES256));
    Consent active = SampleConsents.active();
    assertThatThrownBy(() -> issuer.issue(active, AgencyId.of("MOIS"), consumer.thumbprint()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MOIS");
    for (String bad : new String[] {"", "short", consumer.thumbprint() + "A", null}) {
      assertThatThrownBy(() -> issuer.issue(active, SampleConsents.NHIS, bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("thumbprint");
    }
  }

  @Test
  void grantsAreUniqueAndToStringHidesTheToken() {
    GrantIssuer issuer = issuer(SigningKeySet.generate(SigningAlgorithm.ES256));
    Grant a = issuer.issue(SampleConsents.active(), SampleConsents.NHIS, consumer.thumbprint());
    Grant b = issuer.issue(SampleConsents.active(), SampleConsents.NHIS, consumer.thumbprint());
    assertThat(a.grantId()).isNotEqualTo(b.grantId());
    assertThat(a.toString()).doesNotContain(a.token()).doesNotContain(a.token().split("\\.")[1]);
  }
}
