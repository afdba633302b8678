package org.mydatakit.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.Period;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.CitizenIdentifier;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.ConsentSubject;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.consent.LegalBasis;
import org.mydatakit.consent.PairwiseSubjects;
import org.mydatakit.consent.Purpose;
import org.mydatakit.internal.JwsSigning;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;

/** Consent events signed as SETs: what a receiver gets, and every way one is refused. */
class SecurityEventTokensTest {
  static final String ISSUER = "https://broker.example";
  static final AgencyId BANK = AgencyId.of("KB-BANK");
  static final AgencyId NHIS = AgencyId.of("NHIS");
  static final AgencyId NTS = AgencyId.of("NTS");
  static final Instant AT = Instant.parse("2026-12-07T09:00:00Z");
  static final SigningKeySet BROKER = SigningKeySet.generate(SigningAlgorithm.ES256);
  static final ObjectMapper JSON = new ObjectMapper();

  final ConsentSubject subject;
  final Consent consent;

  SecurityEventTokensTest() {
    try (CitizenIdentifier ci = CitizenIdentifier.of("FAKE-CI-HONG-GILDONG-0001")) {
      subject =
          PairwiseSubjects.of("FAKE-MASTER-SECRET-for-tests-only".getBytes(StandardCharsets.UTF_8))
              .derive(ci, Set.of(NHIS, NTS));
    }
    consent =
        Consent.builder()
            .id(ConsentId.parse("0190b8c2-7d3e-7abc-8def-0123456789ab"))
            .subject(subject)
            .consumer(BANK)
            .items(
                Set.of(
                    DataItem.of(NHIS, ItemCode.of("nhis.qualification")),
                    DataItem.of(NTS, ItemCode.of("nts.income-certificate"))))
            .purpose(new Purpose("loan-screening", "대출 심사", LegalBasis.PIPA_35_2))
            .delivery(Delivery.oneTime())
            .validFrom(AT)
            .validUntil(AT.plusSeconds(86_400))
            .retention(Period.ofYears(1))
            .createdAt(AT)
            .build();
  }

  @Test
  void aProviderGetsItsOwnItemsAndItsOwnPairwiseSubject() throws Exception {
    ConsentEvent revoked = ConsentEvent.of(ConsentEventType.CONSENT_REVOKED, consent, NHIS, AT);
    String set = SecurityEventTokens.signer(BROKER, ISSUER).sign(revoked);

    assertThat(header(set).path("typ").asText()).isEqualTo("secevent+jwt");
    JsonNode claims = claims(set);
    assertThat(claims.path("aud").asText()).isEqualTo("NHIS");
    assertThat(claims.path("txn").asText()).isEqualTo(consent.id() + ".0");
    JsonNode payload = claims.path("events").path(ConsentEventType.CONSENT_REVOKED.uri());
    assertThat(payload.path("items")).hasSize(1);
    assertThat(payload.path("sub_id").path("id").asText())
        .isEqualTo(subject.at(NHIS).orElseThrow().value());
    assertNoOtherSubject(set, NHIS);

    SecurityEventTokens.Verified verified =
        SecurityEventTokens.verifier(BROKER.verificationKeys(), ISSUER, NHIS).verify(set);
    assertThat(verified.event()).isEqualTo(revoked);
    assertThat(verified.jti()).isNotBlank();
    assertThat(verified.event().items())
        .containsExactly(DataItem.of(NHIS, ItemCode.of("nhis.qualification")));
  }

  @Test
  void theConsumerGetsEveryItemAndNoSubject() throws Exception {
    ConsentEvent ended = ConsentEvent.of(ConsentEventType.RETENTION_ENDED, consent, BANK, AT);
    String set = SecurityEventTokens.signer(BROKER, ISSUER).sign(ended);
    JsonNode payload = claims(set).path("events").path(ConsentEventType.RETENTION_ENDED.uri());
    assertThat(payload.has("sub_id")).isFalse();
    assertThat(payload.path("items")).hasSize(2);
    assertNoOtherSubject(set, null);
    assertThat(
            SecurityEventTokens.verifier(BROKER.verificationKeys(), ISSUER, BANK)
                .verify(set)
                .event())
        .isEqualTo(ended);
  }

  @Test
  void anAgencyTheConsentDoesNotNameGetsNoEvent() {
    assertThatThrownBy(
            () ->
                ConsentEvent.of(
                    ConsentEventType.CONSENT_APPROVED, consent, AgencyId.of("OTHER"), AT))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyWayASetIsRefusedHasItsRfc8935Code() throws Exception {
    String set =
        SecurityEventTokens.signer(BROKER, ISSUER)
            .sign(ConsentEvent.of(ConsentEventType.CONSENT_PAUSED, consent, NHIS, AT));
    var nhis = SecurityEventTokens.verifier(BROKER.verificationKeys(), ISSUER, NHIS);

    assertCode(
        () -> SecurityEventTokens.verifier(BROKER.verificationKeys(), ISSUER, NTS).verify(set),
        InvalidSecurityEventException.Code.INVALID_AUDIENCE);
    assertCode(
        () ->
            SecurityEventTokens.verifier(BROKER.verificationKeys(), "https://other.example", NHIS)
                .verify(set),
        InvalidSecurityEventException.Code.INVALID_ISSUER);
    SigningKeySet stranger = SigningKeySet.generate(SigningAlgorithm.ES256);
    assertCode(
        () ->
            nhis.verify(
                SecurityEventTokens.signer(stranger, ISSUER)
                    .sign(ConsentEvent.of(ConsentEventType.CONSENT_PAUSED, consent, NHIS, AT))),
        InvalidSecurityEventException.Code.INVALID_KEY);
    String[] parts = set.split("\\.");
    String tampered =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("consent-paused", "consent-resumed")
                        .getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];
    assertCode(() -> nhis.verify(tampered), InvalidSecurityEventException.Code.INVALID_KEY);
    assertCode(
        () -> nhis.verify("not a token"), InvalidSecurityEventException.Code.INVALID_REQUEST);
    assertCode(() -> nhis.verify(null), InvalidSecurityEventException.Code.INVALID_REQUEST);

    JwsSigning signing = JwsSigning.current(BROKER.exportPrivateJwks());
    String base =
        "{\"iss\":\""
            + ISSUER
            + "\",\"aud\":\"NHIS\",\"iat\":1,\"toe\":1,\"jti\":\"j-1\",\"txn\":\"t.0\",\"events\":";
    String item = "\"items\":[{\"provider\":\"NHIS\",\"code\":\"nhis.qualification\"}]";
    String good = "{\"consentId\":\"" + consent.id() + "\"," + item + "}";
    // another type of token, an unknown event, two events, a missing consent id
    assertCode(
        () -> nhis.verify(signing.sign("consent-receipt+jwt", base + "{}}", false)),
        InvalidSecurityEventException.Code.INVALID_REQUEST);
    assertCode(
        () ->
            nhis.verify(
                signing.sign(
                    SecurityEventTokens.TYPE,
                    base + "{\"https://mydatakit.org/events/other\":" + good + "}}",
                    false)),
        InvalidSecurityEventException.Code.INVALID_REQUEST);
    assertCode(
        () ->
            nhis.verify(
                signing.sign(
                    SecurityEventTokens.TYPE,
                    base
                        + "{\""
                        + ConsentEventType.CONSENT_PAUSED.uri()
                        + "\":"
                        + good
                        + ",\""
                        + ConsentEventType.CONSENT_REVOKED.uri()
                        + "\":"
                        + good
                        + "}}",
                    false)),
        InvalidSecurityEventException.Code.INVALID_REQUEST);
    assertCode(
        () ->
            nhis.verify(
                signing.sign(
                    SecurityEventTokens.TYPE,
                    base + "{\"" + ConsentEventType.CONSENT_PAUSED.uri() + "\":{" + item + "}}}",
                    false)),
        InvalidSecurityEventException.Code.INVALID_REQUEST);
    // and the same, well formed, verifies
    assertThat(
            nhis.verify(
                    signing.sign(
                        SecurityEventTokens.TYPE,
                        base + "{\"" + ConsentEventType.CONSENT_PAUSED.uri() + "\":" + good + "}}",
                        false))
                .jti())
        .isEqualTo("j-1");
  }

  @Test
  void eachTypeHasItsOwnUriUnderTheNamespace() {
    Set<String> uris = new HashSet<>();
    for (ConsentEventType type : ConsentEventType.values()) {
      assertThat(type.uri()).startsWith(ConsentEventType.NAMESPACE);
      assertThat(ConsentEventType.fromUri(type.uri())).hasValue(type);
      uris.add(type.uri());
    }
    assertThat(uris).hasSize(8);
    assertThat(ConsentEventType.fromUri("https://mydatakit.org/events/")).isEmpty();
  }

  @Test
  void theEventShowsNeitherSubjectNorItemsInItsText() {
    ConsentEvent event = ConsentEvent.of(ConsentEventType.CONSENT_APPROVED, consent, NHIS, AT);
    assertThat(event.toString())
        .doesNotContain(subject.at(NHIS).orElseThrow().value())
        .doesNotContain(consent.id().toString());
  }

  private void assertNoOtherSubject(String set, AgencyId receiver) throws Exception {
    String claims = claims(set).toString();
    assertThat(claims).doesNotContain(subject.brokerSubject().value());
    for (AgencyId provider : new AgencyId[] {NHIS, NTS}) {
      if (!provider.equals(receiver)) {
        assertThat(claims).doesNotContain(subject.at(provider).orElseThrow().value());
      }
    }
  }

  private static void assertCode(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call,
      InvalidSecurityEventException.Code code) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            InvalidSecurityEventException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  private static JsonNode header(String set) throws Exception {
    return JSON.readTree(Base64.getUrlDecoder().decode(set.split("\\.")[0]));
  }

  private static JsonNode claims(String set) throws Exception {
    return JSON.readTree(Base64.getUrlDecoder().decode(set.split("\\.")[1]));
  }
}
