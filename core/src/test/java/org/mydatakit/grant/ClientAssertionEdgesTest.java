package org.mydatakit.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mydatakit.grant.GrantFixture.signRaw;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.grant.InvalidClientAssertionException.Reason;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;

/**
 * Client assertions at the exact edges of what is accepted: the first and last second of the
 * calendar, the longest {@code jti} and audience, and a replay cache shared by two verifiers.
 */
class ClientAssertionEdgesTest {
  private static final String TYPE = ClientAssertionVerifier.ASSERTION_TYPE;
  private static final AgencyId BANK = AgencyId.of("KB-BANK");
  private static final SigningKeySet KEYS = SigningKeySet.generate(SigningAlgorithm.ES256);
  private static final long LAST_SECOND = 253_402_300_799L; // 9999-12-31T23:59:59Z

  private static ClientAssertionVerifier.Builder builder(String audience, long nowSecond) {
    return ClientAssertionVerifier.builder()
        .audience(audience)
        .client(BANK, KEYS.verificationKeys())
        .clock(Clock.fixed(Instant.ofEpochSecond(nowSecond), ZoneOffset.UTC));
  }

  private static String assertion(String audience, long iat, long exp, String jti) {
    ObjectNode h = GrantFixture.JSON.createObjectNode();
    h.put("alg", "ES256");
    h.put("kid", KEYS.currentKeyId());
    ObjectNode c = GrantFixture.JSON.createObjectNode();
    c.put("iss", BANK.value());
    c.put("sub", BANK.value());
    c.put("aud", audience);
    c.put("iat", iat);
    c.put("exp", exp);
    c.put("jti", jti);
    try {
      JWK key = JWKSet.parse(KEYS.exportPrivateJwks()).getKeys().get(0);
      return signRaw(h.toString(), c.toString(), key);
    } catch (java.text.ParseException e) {
      throw new AssertionError(e);
    }
  }

  private static Reason reject(ClientAssertionVerifier verifier, String assertion) {
    InvalidClientAssertionException e =
        catchThrowableOfType(
            InvalidClientAssertionException.class, () -> verifier.verify(TYPE, assertion));
    assertThat(e).as("expected the verifier to reject").isNotNull();
    return e.reason();
  }

  @Test
  void anAssertionIssuedAtTheFirstSecondOf1970IsAccepted() throws Exception {
    String aud = "https://broker.example/grants";
    assertThat(builder(aud, 10).build().verify(TYPE, assertion(aud, 0, 60, "j0"))).isEqualTo(BANK);
    assertThat(reject(builder(aud, 10).build(), assertion(aud, -1, 60, "j1")))
        .isEqualTo(Reason.INVALID_CLAIM);
  }

  @Test
  void anAssertionExpiringAtTheLastSecondOf9999IsAccepted() throws Exception {
    String aud = "https://broker.example/grants";
    ClientAssertionVerifier verifier = builder(aud, LAST_SECOND - 30).build();
    assertThat(verifier.verify(TYPE, assertion(aud, LAST_SECOND - 60, LAST_SECOND, "j0")))
        .isEqualTo(BANK);
    assertThat(reject(verifier, assertion(aud, LAST_SECOND - 60, LAST_SECOND + 1, "j1")))
        .isEqualTo(Reason.INVALID_CLAIM);
  }

  @Test
  void aJtiOf256CharactersIsAcceptedAnd257Refused() throws Exception {
    String aud = "https://broker.example/grants";
    long now = GrantFixture.NOW.getEpochSecond();
    ClientAssertionVerifier verifier = builder(aud, now).build();
    assertThat(verifier.verify(TYPE, assertion(aud, now, now + 60, "j".repeat(256))))
        .isEqualTo(BANK);
    assertThat(reject(verifier, assertion(aud, now, now + 60, "k".repeat(257))))
        .isEqualTo(Reason.INVALID_CLAIM);
  }

  @Test
  void anAudienceOf2048CharactersIsTheLongest() throws Exception {
    String longest = "https://broker.example/" + "g".repeat(2048 - 23);
    assertThat(longest).hasSize(2048);
    long now = GrantFixture.NOW.getEpochSecond();
    assertThat(builder(longest, now).build().verify(TYPE, assertion(longest, now, now + 60, "j")))
        .isEqualTo(BANK);
    assertThatThrownBy(() -> ClientAssertionVerifier.builder().audience(longest + "g"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("audience: expected the token endpoint's url");
  }

  @Test
  void aSharedReplayCacheCatchesAnAssertionReplayedAtAnotherVerifier() throws Exception {
    String aud = "https://broker.example/grants";
    long now = GrantFixture.NOW.getEpochSecond();
    DpopReplayCache shared = DpopReplayCache.inMemory(10);
    ClientAssertionVerifier first = builder(aud, now).replayCache(shared).build();
    ClientAssertionVerifier second = builder(aud, now).replayCache(shared).build();
    String assertion = assertion(aud, now, now + 60, "once");
    assertThat(first.verify(TYPE, assertion)).isEqualTo(BANK);
    assertThat(reject(second, assertion)).isEqualTo(Reason.REPLAYED);
  }

  @Test
  void everyReasonHasItsOwnStockSentence() {
    for (Reason reason : Reason.values()) {
      assertThat(reason.description()).as(reason.name()).isNotBlank();
      assertThat(reason.description()).isEqualTo(reason.description().toLowerCase(Locale.ROOT));
      assertThat(new InvalidClientAssertionException(reason))
          .hasMessage(reason.name() + ": " + reason.description());
    }
    assertThat(Reason.REPLAYED.description()).isEqualTo("the assertion was already used");
  }
}
