package org.mydatakit.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mydatakit.grant.GrantFixture.b64;
import static org.mydatakit.grant.GrantFixture.signRaw;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mydatakit.audit.ReceiptIssuer;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.grant.InvalidClientAssertionException.Reason;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.status.StatusList;
import org.mydatakit.status.StatusListIssuer;

/**
 * Attacks on {@code private_key_jwt} client authentication (RFC 7523 §2.2) at the broker's token
 * endpoint: every way one consumer, or anyone, might pass for another.
 */
class ClientAssertionAttackTest {
  static final String TOKEN_ENDPOINT = "https://broker.example/grants";
  static final AgencyId BANK = AgencyId.of("KB-BANK");
  static final AgencyId OTHER_BANK = AgencyId.of("OTHER-BANK");
  static final String TYPE = ClientAssertionVerifier.ASSERTION_TYPE;

  private final Clock clock = Clock.fixed(GrantFixture.NOW, ZoneOffset.UTC);
  private final long now = GrantFixture.NOW.getEpochSecond();
  // generated once: an RSA key per test would dominate the run
  private static final SigningKeySet BANK_KEYS = SigningKeySet.generate(SigningAlgorithm.ES256);
  private static final SigningKeySet OTHER_BANK_KEYS =
      SigningKeySet.generate(SigningAlgorithm.PS256);
  private final ClientAssertionVerifier verifier = builder().build();

  private ClientAssertionVerifier.Builder builder() {
    return ClientAssertionVerifier.builder()
        .audience(TOKEN_ENDPOINT)
        .client(BANK, BANK_KEYS.verificationKeys())
        .client(OTHER_BANK, OTHER_BANK_KEYS.verificationKeys())
        .clock(clock);
  }

  private static JWK privateKey(SigningKeySet keys) {
    try {
      return JWKSet.parse(keys.exportPrivateJwks()).getKeys().get(0);
    } catch (java.text.ParseException e) {
      throw new AssertionError(e);
    }
  }

  private static ObjectNode header(SigningKeySet keys) {
    ObjectNode h = GrantFixture.JSON.createObjectNode();
    h.put("alg", keys.algorithm().name());
    h.put("typ", "client-authentication+jwt");
    h.put("kid", keys.currentKeyId());
    return h;
  }

  private ObjectNode claims(AgencyId client) {
    ObjectNode c = GrantFixture.JSON.createObjectNode();
    c.put("iss", client.value());
    c.put("sub", client.value());
    c.put("aud", TOKEN_ENDPOINT);
    c.put("iat", now);
    c.put("exp", now + 60);
    c.put("jti", "assertion-" + System.nanoTime());
    return c;
  }

  private static String sign(ObjectNode header, ObjectNode claims, SigningKeySet keys) {
    return signRaw(header.toString(), claims.toString(), privateKey(keys));
  }

  /** A valid assertion of the bank, claims edited. */
  private String bank(ObjectNode claims) {
    return sign(header(BANK_KEYS), claims, BANK_KEYS);
  }

  private String bank() {
    return bank(claims(BANK));
  }

  private Reason reject(String assertion) {
    return reject(verifier, TYPE, assertion);
  }

  private static Reason reject(ClientAssertionVerifier verifier, String type, String assertion) {
    InvalidClientAssertionException e =
        catchThrowableOfType(
            InvalidClientAssertionException.class, () -> verifier.verify(type, assertion));
    assertThat(e).as("expected the verifier to reject").isNotNull();
    assertThat(e.getMessage()).doesNotContain("eyJ").doesNotContain("assertion-");
    if (assertion != null && assertion.length() > 8) {
      assertThat(e.getMessage()).doesNotContain(assertion.substring(assertion.length() - 8));
    }
    return e.reason();
  }

  @Test
  void validAssertionsAuthenticateTheirConsumer() throws Exception {
    assertThat(verifier.verify(TYPE, bank())).isEqualTo(BANK);
    String other = sign(header(OTHER_BANK_KEYS), claims(OTHER_BANK), OTHER_BANK_KEYS);
    assertThat(verifier.verify(TYPE, other)).isEqualTo(OTHER_BANK);
  }

  @ParameterizedTest
  @ValueSource(strings = {"JWT", "client-authentication+jwt"})
  void typJwtOrClientAuthenticationOrNoneIsAccepted(String typ) throws Exception {
    assertThat(
            verifier.verify(TYPE, sign(header(BANK_KEYS).put("typ", typ), claims(BANK), BANK_KEYS)))
        .isEqualTo(BANK);
    ObjectNode noTyp = header(BANK_KEYS);
    noTyp.remove("typ");
    assertThat(verifier.verify(TYPE, sign(noTyp, claims(BANK), BANK_KEYS))).isEqualTo(BANK);
  }

  @Test
  void missingAssertionIsRejected() {
    assertThat(reject(null)).isEqualTo(Reason.MISSING);
    assertThat(reject("")).isEqualTo(Reason.MISSING);
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(
      strings = {
        "jwt-bearer",
        "urn:ietf:params:oauth:grant-type:jwt-bearer",
        "URN:IETF:PARAMS:OAUTH:CLIENT-ASSERTION-TYPE:JWT-BEARER",
        "urn:ietf:params:oauth:client-assertion-type:saml2-bearer"
      })
  void wrongAssertionTypeIsRejected(String type) {
    assertThat(reject(verifier, type, bank())).isEqualTo(Reason.WRONG_ASSERTION_TYPE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"not.a.jws", "a.b", "a.b.c.d", "e30.e30.", "{\"iss\":\"KB-BANK\"}"})
  void garbageIsRejected(String garbage) {
    assertThat(reject(garbage)).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void oversizeAssertionIsRejectedBeforeParsing() {
    assertThat(reject(bank(claims(BANK).put("pad", "x".repeat(9000))))).isEqualTo(Reason.TOO_LARGE);
  }

  @Test
  void claimsThatAreNotOneStrictJsonObjectAreRejected() {
    String duplicate = "{\"iss\":\"KB-BANK\",\"iss\":\"OTHER-BANK\"}";
    assertThat(reject(signRaw(header(BANK_KEYS).toString(), duplicate, privateKey(BANK_KEYS))))
        .isEqualTo(Reason.MALFORMED);
    assertThat(reject(signRaw(header(BANK_KEYS).toString(), "[1]", privateKey(BANK_KEYS))))
        .isEqualTo(Reason.MALFORMED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "None", "NONE"})
  void algNoneIsRejected(String none) {
    String input =
        b64(header(BANK_KEYS).put("alg", none).toString()) + "." + b64(claims(BANK).toString());
    assertThat(reject(input + ".")).isEqualTo(Reason.MALFORMED); // no signature part at all
    assertThat(reject(input + ".AAAA")).isEqualTo(Reason.ALGORITHM_NOT_ALLOWED);
  }

  @Test
  void hs256KeyedWithThePublicKeyIsRejected() throws Exception {
    String input =
        b64(header(BANK_KEYS).put("alg", "HS256").toString()) + "." + b64(claims(BANK).toString());
    Mac mac = Mac.getInstance("HmacSHA256");
    byte[] secret = BANK_KEYS.verificationKeys().toJson().getBytes(StandardCharsets.UTF_8);
    mac.init(new SecretKeySpec(secret, "HmacSHA256"));
    String forged = input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    assertThat(reject(forged)).isEqualTo(Reason.ALGORITHM_NOT_ALLOWED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"jwk", "jku", "x5u", "x5c", "crit", "b64", "zip", "cty"})
  void extraHeaderMembersAreRejected(String member) {
    assertThat(reject(sign(header(BANK_KEYS).put(member, "x"), claims(BANK), BANK_KEYS)))
        .isEqualTo(Reason.FORBIDDEN_HEADER);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "mydata-grant+jwt",
        "consent-receipt+jwt",
        "statuslist+jwt",
        "dpop+jwt",
        "at+jwt",
        "jwt",
        ""
      })
  void anotherKindOfTokenIsNeverAnAssertion(String typ) {
    assertThat(reject(sign(header(BANK_KEYS).put("typ", typ), claims(BANK), BANK_KEYS)))
        .isEqualTo(Reason.WRONG_TYPE);
  }

  @Test
  void aGrantSignedWithTheConsumersOwnKeyIsNotAnAssertion() {
    Grant grant =
        GrantIssuer.builder(BANK_KEYS, BANK.value())
            .clock(clock)
            .build()
            .issue(SampleConsents.active(), SampleConsents.NHIS, DpopKey.generate().thumbprint());
    assertThat(reject(grant.token())).isEqualTo(Reason.WRONG_TYPE);
  }

  @Test
  void aReceiptOrStatusListSignedWithTheConsumersOwnKeyIsNotAnAssertion() {
    String receipt =
        ReceiptIssuer.builder(BANK_KEYS, BANK.value())
            .clock(clock)
            .build()
            .issue(SampleConsents.active(), Optional.empty())
            .token();
    assertThat(reject(receipt)).isEqualTo(Reason.WRONG_TYPE);
    String list =
        StatusListIssuer.builder(BANK_KEYS, BANK.value())
            .clock(clock)
            .build()
            .sign(URI.create("https://broker.example/status/1"), StatusList.builder(16).build());
    assertThat(reject(list)).isEqualTo(Reason.WRONG_TYPE);
  }

  @Test
  void aDpopProofIsNotAnAssertion() {
    DpopKey key = DpopKey.generate();
    assertThat(reject(key.proof("POST", URI.create(TOKEN_ENDPOINT))))
        .isEqualTo(Reason.FORBIDDEN_HEADER);
  }

  @Test
  void unknownOrMalformedIssuerIsAnUnknownClient() {
    assertThat(reject(bank(claims(AgencyId.of("NOBODY"))))).isEqualTo(Reason.UNKNOWN_CLIENT);
    ObjectNode noIss = claims(BANK);
    noIss.remove("iss");
    assertThat(reject(bank(noIss))).isEqualTo(Reason.UNKNOWN_CLIENT);
    assertThat(reject(bank(claims(BANK).put("iss", "KB BANK")))).isEqualTo(Reason.UNKNOWN_CLIENT);
    assertThat(reject(bank(claims(BANK).put("iss", 7)))).isEqualTo(Reason.UNKNOWN_CLIENT);
    assertThat(reject(bank(claims(BANK).put("iss", "https://broker.example"))))
        .isEqualTo(Reason.UNKNOWN_CLIENT);
  }

  @Test
  void signedByAnotherConsumersKeyIsRejected() {
    // the other bank's kid is not among the bank's keys
    assertThat(reject(sign(header(OTHER_BANK_KEYS), claims(BANK), OTHER_BANK_KEYS)))
        .isEqualTo(Reason.UNKNOWN_KEY);
    // the other bank's key under the bank's kid: the signature does not verify
    SigningKeySet sameKid =
        SigningKeySet.generate(SigningAlgorithm.ES256, BANK_KEYS.currentKeyId());
    assertThat(reject(sign(header(BANK_KEYS), claims(BANK), sameKid)))
        .isEqualTo(Reason.BAD_SIGNATURE);
  }

  @Test
  void missingKidOrAlgorithmOfAnotherKeyIsRejected() {
    ObjectNode noKid = header(BANK_KEYS);
    noKid.remove("kid");
    assertThat(reject(sign(noKid, claims(BANK), BANK_KEYS))).isEqualTo(Reason.UNKNOWN_KEY);
    // PS256 under the bank's ES256 kid: the key decides the algorithm, never the header
    assertThat(reject(sign(header(BANK_KEYS).put("alg", "PS256"), claims(BANK), OTHER_BANK_KEYS)))
        .isEqualTo(Reason.ALGORITHM_MISMATCH);
  }

  @Test
  void tamperedClaimsAreRejected() {
    String[] parts = bank().split("\\.");
    String tampered =
        parts[0] + "." + b64(claims(BANK).put("exp", now + 120).toString()) + "." + parts[2];
    assertThat(reject(tampered)).isEqualTo(Reason.BAD_SIGNATURE);
  }

  @Test
  void subjectOtherThanTheIssuerIsRejected() {
    assertThat(reject(bank(claims(BANK).put("sub", OTHER_BANK.value()))))
        .isEqualTo(Reason.WRONG_SUBJECT);
    assertThat(reject(bank(claims(BANK).put("sub", 1)))).isEqualTo(Reason.WRONG_SUBJECT);
    ObjectNode noSub = claims(BANK);
    noSub.remove("sub");
    assertThat(reject(bank(noSub))).isEqualTo(Reason.MISSING_CLAIM);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://broker.example/consents",
        "https://broker.example/grants/",
        "https://BROKER.example/grants",
        "https://broker.example",
        "KB-BANK",
        ""
      })
  void wrongAudienceIsRejected(String aud) {
    assertThat(reject(bank(claims(BANK).put("aud", aud)))).isEqualTo(Reason.WRONG_AUDIENCE);
  }

  @Test
  void audienceAsAnArrayIsRejectedEvenWithTheEndpointAlone() {
    ObjectNode alone = claims(BANK);
    alone.putArray("aud").add(TOKEN_ENDPOINT);
    assertThat(reject(bank(alone))).isEqualTo(Reason.WRONG_AUDIENCE);
    ObjectNode two = claims(BANK);
    two.putArray("aud").add(TOKEN_ENDPOINT).add("https://other.example/token");
    assertThat(reject(bank(two))).isEqualTo(Reason.WRONG_AUDIENCE);
    ObjectNode noAud = claims(BANK);
    noAud.remove("aud");
    assertThat(reject(bank(noAud))).isEqualTo(Reason.MISSING_CLAIM);
  }

  @Test
  void expiredAssertionIsRejected() {
    assertThat(reject(bank(claims(BANK).put("iat", now - 120).put("exp", now - 31))))
        .isEqualTo(Reason.EXPIRED);
  }

  @Test
  void assertionJustWithinTheSkewIsAccepted() throws Exception {
    assertThat(verifier.verify(TYPE, bank(claims(BANK).put("iat", now - 60).put("exp", now - 29))))
        .isEqualTo(BANK);
  }

  @Test
  void issuedInTheFutureIsRejected() {
    assertThat(reject(bank(claims(BANK).put("iat", now + 31).put("exp", now + 90))))
        .isEqualTo(Reason.ISSUED_IN_FUTURE);
  }

  @Test
  void notBeforeInTheFutureIsRejected() {
    assertThat(reject(bank(claims(BANK).put("nbf", now + 31)))).isEqualTo(Reason.NOT_YET_VALID);
    assertThat(reject(bank(claims(BANK).put("nbf", "soon")))).isEqualTo(Reason.INVALID_CLAIM);
  }

  @Test
  void expiryTooFarAheadIsRejected() {
    assertThat(reject(bank(claims(BANK).put("exp", now + 301))))
        .isEqualTo(Reason.LIFETIME_TOO_LONG);
    assertThat(reject(bank(claims(BANK).put("exp", now + 3600 * 24 * 365))))
        .isEqualTo(Reason.LIFETIME_TOO_LONG);
    // an old iat does not buy a long life either
    assertThat(reject(bank(claims(BANK).put("iat", now - 3600).put("exp", now + 60))))
        .isEqualTo(Reason.LIFETIME_TOO_LONG);
  }

  @Test
  void lifetimeOfExactlyTheMaximumIsAccepted() throws Exception {
    assertThat(verifier.verify(TYPE, bank(claims(BANK).put("exp", now + 300)))).isEqualTo(BANK);
  }

  @Test
  void aShorterMaximumLifetimeIsHonoured() {
    ClientAssertionVerifier strict = builder().maxLifetime(Duration.ofSeconds(30)).build();
    assertThat(reject(strict, TYPE, bank(claims(BANK).put("exp", now + 31))))
        .isEqualTo(Reason.LIFETIME_TOO_LONG);
  }

  @ParameterizedTest
  @ValueSource(strings = {"exp", "iat", "jti"})
  void missingRequiredClaimIsRejected(String claim) {
    ObjectNode c = claims(BANK);
    c.remove(claim);
    assertThat(reject(bank(c))).isEqualTo(Reason.MISSING_CLAIM);
    assertThat(reject(bank(claims(BANK).putNull(claim)))).isEqualTo(Reason.MISSING_CLAIM);
  }

  @Test
  void malformedTimesAreRejected() {
    assertThat(reject(bank(claims(BANK).put("exp", String.valueOf(now + 60)))))
        .isEqualTo(Reason.INVALID_CLAIM);
    assertThat(reject(bank(claims(BANK).put("exp", now + 60.5)))).isEqualTo(Reason.INVALID_CLAIM);
    assertThat(reject(bank(claims(BANK).put("iat", -1)))).isEqualTo(Reason.INVALID_CLAIM);
    assertThat(
            reject(bank(claims(BANK).put("exp", new java.math.BigInteger("1" + "0".repeat(30))))))
        .isEqualTo(Reason.INVALID_CLAIM);
    assertThat(reject(bank(claims(BANK).put("iat", now + 60).put("exp", now))))
        .isEqualTo(Reason.INVALID_CLAIM);
  }

  @Test
  void emptyOversizeOrNonTextJtiIsRejected() {
    assertThat(reject(bank(claims(BANK).put("jti", "")))).isEqualTo(Reason.INVALID_CLAIM);
    assertThat(reject(bank(claims(BANK).put("jti", "j".repeat(257)))))
        .isEqualTo(Reason.INVALID_CLAIM);
    assertThat(reject(bank(claims(BANK).put("jti", 42)))).isEqualTo(Reason.INVALID_CLAIM);
  }

  @Test
  void replayedAssertionIsRejected() throws Exception {
    String assertion = bank();
    assertThat(verifier.verify(TYPE, assertion)).isEqualTo(BANK);
    assertThat(reject(assertion)).isEqualTo(Reason.REPLAYED);
    // a new assertion re-using the jti is a replay too
    ObjectNode again = claims(BANK).put("jti", "fixed");
    verifier.verify(TYPE, bank(again));
    assertThat(reject(bank(claims(BANK).put("jti", "fixed").put("iat", now - 1))))
        .isEqualTo(Reason.REPLAYED);
  }

  @Test
  void theSameJtiFromAnotherConsumerIsNotAReplay() throws Exception {
    verifier.verify(TYPE, bank(claims(BANK).put("jti", "shared")));
    String other =
        sign(header(OTHER_BANK_KEYS), claims(OTHER_BANK).put("jti", "shared"), OTHER_BANK_KEYS);
    assertThat(verifier.verify(TYPE, other)).isEqualTo(OTHER_BANK);
  }

  @Test
  void aLookupServesConsumersRegisteredWhileRunning() throws Exception {
    java.util.Map<AgencyId, org.mydatakit.keys.VerificationKeySet> registry =
        new java.util.concurrent.ConcurrentHashMap<>();
    ClientAssertionVerifier dynamic =
        ClientAssertionVerifier.builder()
            .audience(TOKEN_ENDPOINT)
            .clients(id -> Optional.ofNullable(registry.get(id)))
            .clock(clock)
            .build();
    assertThat(reject(dynamic, TYPE, bank())).isEqualTo(Reason.UNKNOWN_CLIENT);
    registry.put(BANK, BANK_KEYS.verificationKeys());
    assertThat(dynamic.verify(TYPE, bank())).isEqualTo(BANK);
    SigningKeySet rotated = BANK_KEYS.rotate();
    registry.put(BANK, rotated.verificationKeys());
    assertThat(dynamic.verify(TYPE, sign(header(rotated), claims(BANK), rotated))).isEqualTo(BANK);
    registry.remove(BANK);
    assertThat(reject(dynamic, TYPE, bank())).isEqualTo(Reason.UNKNOWN_CLIENT);
  }

  @Test
  void aFailingLookupIsTheBrokersFaultNotTheClients() {
    ClientAssertionVerifier broken =
        ClientAssertionVerifier.builder()
            .audience(TOKEN_ENDPOINT)
            .clients(
                id -> {
                  throw new IllegalStateException("registry unavailable");
                })
            .clock(clock)
            .build();
    assertThatThrownBy(() -> broken.verify(TYPE, bank()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("registry unavailable");
  }

  @Test
  void builderRequiresAudienceAndClientsAndRefusesContradictions() {
    assertThatThrownBy(
            () ->
                ClientAssertionVerifier.builder()
                    .client(BANK, BANK_KEYS.verificationKeys())
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("audience");
    assertThatThrownBy(() -> ClientAssertionVerifier.builder().audience(TOKEN_ENDPOINT).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("client");
    assertThatThrownBy(() -> builder().clients(id -> Optional.empty()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("contradicts");
    assertThatThrownBy(() -> builder().client(BANK, OTHER_BANK_KEYS.verificationKeys()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one registration");
    assertThatThrownBy(() -> ClientAssertionVerifier.builder().audience(" "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder().maxLifetime(Duration.ofMinutes(6)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("max assertion lifetime");
    assertThatThrownBy(() -> builder().clockSkew(Duration.ofMinutes(6)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("clock skew");
  }

  @ParameterizedTest
  @EnumSource(Reason.class)
  void everyReasonHasAStockLowerCaseMessage(Reason reason) {
    InvalidClientAssertionException e = new InvalidClientAssertionException(reason);
    assertThat(e.reason()).isEqualTo(reason);
    assertThat(reason.description()).isLowerCase();
    assertThat(e.getMessage()).isEqualTo(reason.name() + ": " + reason.description());
  }

  @Test
  void toStringNamesOnlyTheAudience() {
    assertThat(verifier.toString())
        .isEqualTo("ClientAssertionVerifier[audience=" + TOKEN_ENDPOINT + "]");
  }
}
