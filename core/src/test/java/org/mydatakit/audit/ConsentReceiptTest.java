package org.mydatakit.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.AuthenticationEvidence;
import org.mydatakit.consent.CitizenIdentifier;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentStatus;
import org.mydatakit.consent.ConsentSubject;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.consent.LegalBasis;
import org.mydatakit.consent.PairwiseSubjects;
import org.mydatakit.consent.Purpose;
import org.mydatakit.consent.RevokedBy;
import org.mydatakit.consent.internal.ConsentLifecycle;
import org.mydatakit.internal.JwsSigning;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;

/** Receipts carry the Kantara fields and the extensions, never a subject, and cannot be forged. */
class ConsentReceiptTest {
  private static final String ISS = "https://broker.example";
  private static final String FAKE_CI = "FAKE-CI-HONG-GILDONG-0001";
  private static final AgencyId NHIS = AgencyId.of("NHIS");
  private static final AgencyId NTS = AgencyId.of("NTS");
  private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant APPROVED = Instant.parse("2026-01-01T00:05:00Z");
  private static final Instant NOW = Instant.parse("2026-01-01T00:05:01.500Z");
  private static final SigningKeySet KEYS = SigningKeySet.generate(SigningAlgorithm.ES256);
  private static final ReceiptIssuer RECEIPTS =
      ReceiptIssuer.builder(KEYS, ISS).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ConsentSubject subject;
  private final Consent requested;
  private final Consent approved;

  ConsentReceiptTest() {
    try (CitizenIdentifier ci = CitizenIdentifier.of(FAKE_CI)) {
      subject =
          PairwiseSubjects.of("FAKE-MASTER-SECRET-for-tests-only".getBytes(StandardCharsets.UTF_8))
              .derive(ci, Set.of(NHIS, NTS));
    }
    requested =
        Consent.builder()
            .id(AuditFixtures.CONSENT)
            .subject(subject)
            .consumer(AgencyId.of("KB-BANK"))
            .items(
                Set.of(
                    DataItem.of(NHIS, ItemCode.of("nhis.qualification")),
                    DataItem.of(NTS, ItemCode.of("nts.income-certificate"))))
            .purpose(new Purpose("loan-screening", "대출 심사", LegalBasis.PIPA_35_2))
            .delivery(Delivery.oneTime())
            .validFrom(CREATED)
            .validUntil(Instant.parse("2027-01-01T00:00:00Z"))
            .retention(Period.ofYears(1))
            .createdAt(CREATED)
            .build();
    approved =
        ConsentLifecycle.approve(
            requested,
            APPROVED,
            new AuthenticationEvidence(
                AuthenticationEvidence.Method.SIMPLE_AUTHENTICATION,
                APPROVED,
                "mobile-app",
                AuthenticationEvidence.sha256Hex("동의문")),
            42);
  }

  @Test
  void aReceiptForAnApprovedConsentVerifiesWithKantaraFieldsAndExtensions() throws Exception {
    ConsentReceipt receipt = RECEIPTS.issue(approved, Optional.empty());
    ConsentReceipt verified = ReceiptIssuer.verify(receipt.token(), KEYS.verificationKeys(), ISS);
    assertThat(verified.receiptId()).isEqualTo(receipt.receiptId());
    assertThat(verified.consentId()).isEqualTo(approved.id());
    assertThat(verified.consentVersion()).isEqualTo(1);
    assertThat(verified.status()).isEqualTo(ConsentStatus.ACTIVE);
    assertThat(verified.supersedes()).isEmpty();
    assertThat(verified.issuedAt()).isEqualTo(Instant.parse("2026-01-01T00:05:01Z"));
    assertThat(JSON.readTree(AuditCheckpointTest.header(receipt.token())).size()).isEqualTo(3);

    JsonNode c = claims(receipt);
    assertThat(c.get("version").asText()).isEqualTo("KI-CR-v1.1.0");
    assertThat(c.get("jurisdiction").asText()).isEqualTo("KR");
    assertThat(c.get("consentTimestamp").asLong()).isEqualTo(APPROVED.getEpochSecond());
    assertThat(c.get("collectionMethod").asText()).isEqualTo("SIMPLE_AUTHENTICATION");
    assertThat(c.get("consentReceiptID").asText()).isEqualTo(receipt.receiptId());
    assertThat(c.get("language").asText()).isEqualTo("ko");
    assertThat(c.get("piiPrincipalId").asText()).isEqualTo(approved.id().toString());
    assertThat(c.get("piiControllers").toString())
        .isEqualTo("[{\"piiController\":\"KB-BANK\",\"onBehalf\":false}]");
    JsonNode service = c.get("services").get(0);
    assertThat(service.get("service").asText()).isEqualTo("loan-screening");
    JsonNode purpose = service.get("purposes").get(0);
    assertThat(purpose.get("purpose").asText()).isEqualTo("대출 심사");
    assertThat(purpose.get("purposeCategory").toString()).isEqualTo("[\"loan-screening\"]");
    assertThat(purpose.get("consentType").asText()).isEqualTo("EXPLICIT");
    assertThat(purpose.get("piiCategory").toString())
        .isEqualTo("[\"NHIS:nhis.qualification\",\"NTS:nts.income-certificate\"]");
    assertThat(purpose.get("primaryPurpose").asBoolean()).isTrue();
    assertThat(purpose.get("termination").asText()).isEqualTo("2027-01-01T00:00:00Z");
    assertThat(purpose.get("thirdPartyDisclosure").asBoolean()).isTrue();
    assertThat(purpose.get("thirdPartyName").asText()).isEqualTo("NHIS, NTS");
    assertThat(c.get("sensitive").asBoolean()).isFalse();
    assertThat(c.get("spiCat").size()).isZero();
    assertThat(c.get("consentId").asText()).isEqualTo(approved.id().toString());
    assertThat(c.get("consentVersion").asLong()).isEqualTo(1);
    assertThat(c.get("status").asText()).isEqualTo("ACTIVE");
    assertThat(c.get("legalBasis").get("code").asText()).isEqualTo("pipa-35-2");
    assertThat(c.get("retention").asText()).isEqualTo("P1Y");
    assertThat(c.get("validFrom").asText()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(c.get("validUntil").asText()).isEqualTo("2027-01-01T00:00:00Z");
    assertThat(c.has("supersedes")).isFalse();
    assertThat(c.get("iss").asText()).isEqualTo(ISS);
    assertThat(c.has("publicKey") || c.has("policyUrl") || c.has("sub")).isFalse();
  }

  @Test
  void aReceiptNamesTheLanguageAndTemplateVersionOfTheTextShown() throws Exception {
    String hash = AuthenticationEvidence.sha256Hex("the consent text, in English");
    Consent inEnglish =
        ConsentLifecycle.approve(
            requested,
            APPROVED,
            new AuthenticationEvidence(
                AuthenticationEvidence.Method.SIMPLE_AUTHENTICATION,
                APPROVED,
                "broker-web",
                hash,
                "en",
                "v1"),
            43);
    JsonNode c = claims(RECEIPTS.issue(inEnglish, Optional.empty()));
    assertThat(c.get("language").asText()).isEqualTo("en");
    assertThat(c.get("consentText").toString())
        .isEqualTo("{\"sha256\":\"" + hash + "\",\"language\":\"en\",\"templateVersion\":\"v1\"}");
    // without them recorded: Korean, and the hash alone
    JsonNode before = claims(RECEIPTS.issue(approved, Optional.empty()));
    assertThat(before.get("language").asText()).isEqualTo("ko");
    assertThat(before.get("consentText").size()).isEqualTo(1);
  }

  @Test
  void noSubjectIdOrCitizenIdentifierAppearsAnywhereInTheToken() throws Exception {
    ConsentReceipt receipt = RECEIPTS.issue(approved, Optional.empty());
    String payload = AuditCheckpointTest.payload(receipt.token());
    assertThat(payload).doesNotContain(FAKE_CI).doesNotContain(subject.brokerSubject().value());
    subject.pairwise().values().forEach(s -> assertThat(payload).doesNotContain(s.value()));
    assertThat(receipt.token()).doesNotContain(subject.brokerSubject().value());
  }

  @Test
  void aReceiptForARevokedConsentSupersedesTheApprovalReceipt() throws Exception {
    ConsentReceipt first = RECEIPTS.issue(approved, Optional.empty());
    Consent revoked =
        ConsentLifecycle.revoke(approved, NOW, RevokedBy.CITIZEN, "홍길동 no longer needs it");
    ConsentReceipt second = RECEIPTS.issue(revoked, Optional.of(first.receiptId()));
    ConsentReceipt verified = ReceiptIssuer.verify(second.token(), KEYS.verificationKeys(), ISS);
    assertThat(verified.supersedes()).contains(first.receiptId());
    assertThat(verified.status()).isEqualTo(ConsentStatus.REVOKED);
    assertThat(verified.consentVersion()).isEqualTo(2);
    assertThat(second.receiptId()).isNotEqualTo(first.receiptId());
    assertThat(claims(second).get("supersedes").asText()).isEqualTo(first.receiptId());
    assertThat(AuditCheckpointTest.payload(second.token())).doesNotContain("홍길동");
  }

  @Test
  void aConsentNeverApprovedHasNoReceipt() {
    assertThatThrownBy(() -> RECEIPTS.issue(requested, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected an approved consent");
    assertThatThrownBy(() -> RECEIPTS.issue(approved, Optional.of("not a token!")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void tamperedOrForeignReceiptsAreRejected() {
    String token = RECEIPTS.issue(approved, Optional.empty()).token();
    String payload = AuditCheckpointTest.payload(token);
    String otherStatus = payload.replace("\"ACTIVE\"", "\"PAUSED\"");
    assertThat(otherStatus).isNotEqualTo(payload);
    assertRejected(AuditCheckpointTest.withPayload(token, otherStatus), ISS, "signature");
    SigningKeySet other = SigningKeySet.generate(SigningAlgorithm.ES256, KEYS.currentKeyId());
    assertRejected(
        ReceiptIssuer.builder(other, ISS).build().issue(approved, Optional.empty()).token(),
        ISS,
        "signature");
    assertRejected(token, "https://other.example", "issuer");
    assertRejected(
        JwsSigning.current(KEYS.exportPrivateJwks()).sign(AuditCheckpoint.TYPE, payload, false),
        ISS,
        "type");
    for (String member : List.of("consentReceiptID", "consentId", "status", "version", "iat")) {
      String without = payload.replace("\"" + member + "\":", "\"x" + member + "\":");
      assertRejected(
          JwsSigning.current(KEYS.exportPrivateJwks()).sign(ConsentReceipt.TYPE, without, false),
          ISS,
          "claim");
    }
    assertRejected(token + "x", ISS, "");
  }

  @Test
  void toStringShowsNoToken() {
    ConsentReceipt receipt = RECEIPTS.issue(approved, Optional.of("r-1"));
    assertThat(receipt.toString())
        .doesNotContain(receipt.token())
        .doesNotContain(receipt.token().substring(0, 20))
        .contains(receipt.receiptId(), "ACTIVE", "supersedes=r-1");
  }

  private static void assertRejected(String token, String issuer, String message) {
    assertThatThrownBy(() -> ReceiptIssuer.verify(token, KEYS.verificationKeys(), issuer))
        .isInstanceOf(InvalidReceiptException.class)
        .hasMessageStartingWith("consent receipt rejected: ")
        .hasMessageContaining(message)
        .message()
        .doesNotContain(token);
  }

  private static JsonNode claims(ConsentReceipt receipt) throws Exception {
    return JSON.readTree(AuditCheckpointTest.payload(receipt.token()));
  }
}
