package org.mydatakit.grant;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mydatakit.grant.InvalidGrantException.Reason;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.store.tck.TestClock;

/** Attacks through the claims: issuer, audience, time, lifetime, required claims, scope. */
class GrantClaimsAttackTest {
  private final GrantFixture f = new GrantFixture(SigningAlgorithm.ES256);
  private final long now = GrantFixture.NOW.getEpochSecond();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://evil.example",
        "https://broker.example/",
        "HTTPS://BROKER.EXAMPLE",
        "https://Broker.example",
        " https://broker.example",
        ""
      })
  void wrongIssuerIsRejected(String iss) {
    assertThat(f.rejection(f.tokenWith(c -> c.put("iss", iss)))).isEqualTo(Reason.WRONG_ISSUER);
  }

  @Test
  void nonTextIssuerIsInvalid() {
    assertThat(f.rejection(f.tokenWith(c -> c.putArray("iss").add(GrantFixture.ISSUER))))
        .isEqualTo(Reason.INVALID_CLAIM);
  }

  @Test
  void audienceOfAnotherProviderIsRejected() {
    assertThat(f.rejection(f.tokenWith(c -> c.put("aud", "NTS")))).isEqualTo(Reason.WRONG_AUDIENCE);
    assertThat(f.rejection(f.tokenWith(c -> c.put("aud", "nhis"))))
        .isEqualTo(Reason.WRONG_AUDIENCE);
  }

  @Test
  void audienceArraysAreRejected() {
    assertThat(f.rejection(f.tokenWith(c -> c.putArray("aud").add("NTS").add("NHIS"))))
        .isEqualTo(Reason.WRONG_AUDIENCE);
    assertThat(f.rejection(f.tokenWith(c -> c.putArray("aud").add("NHIS").add("NHIS"))))
        .isEqualTo(Reason.WRONG_AUDIENCE);
    assertThat(f.rejection(f.tokenWith(c -> c.putArray("aud").add("NHIS"))))
        .isEqualTo(Reason.WRONG_AUDIENCE);
  }

  @Test
  void expiredBeyondSkewIsRejected() {
    String token =
        f.tokenWith(c -> c.put("iat", now - 400).put("nbf", now - 400).put("exp", now - 31));
    assertThat(f.rejection(token)).isEqualTo(Reason.EXPIRED);
  }

  @Test
  void expiredWithinSkewIsAccepted() throws Exception {
    String token =
        f.tokenWith(c -> c.put("iat", now - 300).put("nbf", now - 300).put("exp", now - 29));
    assertThat(f.verifier().verify(f.request(token)).consentId()).isNotNull();
  }

  @Test
  void expiryAtExactlyTheSkewBoundaryIsRejected() {
    String token =
        f.tokenWith(c -> c.put("iat", now - 300).put("nbf", now - 300).put("exp", now - 30));
    assertThat(f.rejection(token)).isEqualTo(Reason.EXPIRED);
  }

  @Test
  void notBeforeInTheFutureBeyondSkewIsRejected() {
    String token = f.tokenWith(c -> c.put("nbf", now + 31));
    assertThat(f.rejection(token)).isEqualTo(Reason.NOT_YET_VALID);
  }

  @Test
  void issuedInTheFutureBeyondSkewIsRejected() {
    String token = f.tokenWith(c -> c.put("iat", now + 31).put("nbf", now).put("exp", now + 300));
    assertThat(f.rejection(token)).isEqualTo(Reason.ISSUED_IN_FUTURE);
  }

  @Test
  void lifetimeOverTheCapIsRejected() throws Exception {
    String token = f.tokenWith(c -> c.put("iat", now - 10).put("exp", now - 10 + 601));
    assertThat(f.rejection(token)).isEqualTo(Reason.LIFETIME_TOO_LONG);
    String atCap = f.tokenWith(c -> c.put("iat", now - 10).put("exp", now - 10 + 600));
    assertThat(f.verifier().verify(f.request(atCap)).consentId()).isNotNull();
  }

  @Test
  void stricterLifetimeCapIsHonoured() {
    GrantVerifier strict = f.verifierBuilder().maxGrantLifetime(Duration.ofMinutes(2)).build();
    assertThat(GrantFixture.rejection(strict, f.request(f.token())))
        .isEqualTo(Reason.LIFETIME_TOO_LONG);
  }

  @Test
  void expiryBeforeIssueIsInvalid() {
    String token = f.tokenWith(c -> c.put("iat", now).put("nbf", now).put("exp", now));
    assertThat(f.rejection(token)).isEqualTo(Reason.INVALID_CLAIM);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "iss", "aud", "sub", "azp", "cid", "scope", "pur", "iat", "nbf", "exp", "jti", "cnf"
      })
  void eachRequiredClaimMissingIsRejected(String claim) {
    assertThat(f.rejection(f.tokenWith(c -> c.remove(claim)))).isEqualTo(Reason.MISSING_CLAIM);
    assertThat(f.rejection(f.tokenWith(c -> c.putNull(claim)))).isEqualTo(Reason.MISSING_CLAIM);
  }

  @Test
  void statusIsRequiredWhenRevocationIsChecked() {
    GrantVerifier checking =
        GrantVerifier.builder()
            .trustedIssuer(GrantFixture.ISSUER, f.keys.verificationKeys())
            .audience(GrantFixture.SELF)
            .revocationCheck(ref -> org.mydatakit.status.TokenStatus.VALID)
            .clock(f.clock)
            .build();
    String token = f.tokenWith(c -> c.remove("status"));
    assertThat(GrantFixture.rejection(checking, f.request(token))).isEqualTo(Reason.STATUS_MISSING);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "exp=1.5e9",
        "exp=\"1900000000\"",
        "iat=-1",
        "exp=99999999999999999999",
        "sub=short",
        "sub=has space and more than sixteen",
        "azp=bad agency",
        "cid=not-a-uuid",
        "cid=0190b8c2-7d3e-4abc-8def-0123456789ab",
        "scope=",
        "scope= nhis.qualification",
        "scope=nhis.qualification  nhis.premium",
        "scope=nhis.qualification nhis.qualification",
        "pur=",
        "jti=",
        "cnf.jkt=short",
        "cnf.jkt=",
        "status.idx=-1",
        "status.uri=ftp://x/y",
        "rng.from=2026-13-01"
      })
  void malformedClaimValuesAreInvalid(String spec) {
    String name = spec.substring(0, spec.indexOf('='));
    String raw = spec.substring(spec.indexOf('=') + 1);
    String token =
        f.tokenWith(
            c -> {
              com.fasterxml.jackson.databind.JsonNode value = parse(raw);
              switch (name) {
                case "cnf.jkt" -> c.putObject("cnf").set("jkt", value);
                case "status.idx" ->
                    ((com.fasterxml.jackson.databind.node.ObjectNode) c.at("/status/status_list"))
                        .set("idx", value);
                case "status.uri" ->
                    ((com.fasterxml.jackson.databind.node.ObjectNode) c.at("/status/status_list"))
                        .set("uri", value);
                case "rng.from" -> c.putObject("rng").put("to", "2026-12-31").set("from", value);
                default -> c.set(name, value);
              }
            });
    assertThat(f.rejection(token)).isEqualTo(Reason.INVALID_CLAIM);
  }

  private static com.fasterxml.jackson.databind.JsonNode parse(String raw) {
    try {
      com.fasterxml.jackson.databind.JsonNode node = GrantFixture.JSON.readTree(raw);
      return node.isMissingNode() ? GrantFixture.JSON.getNodeFactory().textNode(raw) : node;
    } catch (Exception e) {
      return GrantFixture.JSON.getNodeFactory().textNode(raw);
    }
  }

  @Test
  void requestOutsideTheScopeIsRejected() {
    GrantRequest request =
        GrantRequest.builder()
            .grant(f.token())
            .dpopProof(f.dpop.proof("GET", GrantFixture.URL, f.token()))
            .method("GET")
            .url(GrantFixture.URL)
            .item(org.mydatakit.consent.ItemCode.of("nhis.medical-history"))
            .build();
    assertThat(GrantFixture.rejection(f.verifier(), request)).isEqualTo(Reason.INSUFFICIENT_SCOPE);
  }

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void cachedGrantStillExpires(SigningAlgorithm alg) throws Exception {
    GrantFixture g = new GrantFixture(alg);
    TestClock clock = TestClock.at(g.clock.instant());
    GrantVerifier verifier = g.verifierBuilder().clock(clock).build();
    String token = g.token();
    verifier.verify(g.request(token));
    clock.advance(Duration.ofSeconds(291 + 30));
    DpopKey laterKey = g.dpop.withClock(clock);
    GrantRequest later = g.request(token, laterKey.proof("GET", GrantFixture.URL, token));
    assertThat(GrantFixture.rejection(verifier, later)).isEqualTo(Reason.EXPIRED);
  }
}
