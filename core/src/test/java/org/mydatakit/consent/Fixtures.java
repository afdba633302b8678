package org.mydatakit.consent;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Period;
import java.util.Set;

/** An obviously fictional citizen and the consents of the tests and of the shipped example. */
final class Fixtures {
  static final String FAKE_CI = "FAKE-CI-HONG-GILDONG-0001";
  static final byte[] FAKE_MASTER_SECRET =
      "FAKE-MASTER-SECRET-for-examples-and-tests-only".getBytes(StandardCharsets.US_ASCII);
  static final AgencyId NHIS = AgencyId.of("NHIS");
  static final AgencyId NTS = AgencyId.of("NTS");
  static final AgencyId KB_BANK = AgencyId.of("KB-BANK");
  static final ConsentId ID = ConsentId.parse("019b76d1-8040-7c4e-9a2b-5d6f8e1a3c70");
  static final ConsentId OTHER_ID = ConsentId.parse("019e807a-ec00-7d21-8f3e-0a9b1c2d3e4f");
  static final Instant CREATED = Instant.parse("2025-12-31T23:50:00Z");
  static final Instant AUTHENTICATED = Instant.parse("2025-12-31T23:59:30Z");
  static final Instant APPROVED = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant VALID_FROM = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant VALID_UNTIL = Instant.parse("2030-01-01T00:00:00Z");
  static final String CONSENT_TEXT =
      "홍길동(가상 인물)은 KB-BANK의 대출 심사를 위해 NHIS 자격 정보와 NTS 소득금액증명을 매월 전송할 것을 요구합니다.";

  private Fixtures() {}

  static ConsentSubject subject() {
    try (CitizenIdentifier ci = CitizenIdentifier.of(FAKE_CI)) {
      return PairwiseSubjects.of(FAKE_MASTER_SECRET).derive(ci, Set.of(NHIS, NTS));
    }
  }

  static Set<DataItem> items() {
    return Set.of(
        DataItem.of(NHIS, ItemCode.of("nhis.qualification")),
        DataItem.of(NTS, ItemCode.of("nts.income-certificate")));
  }

  static Delivery monthly() {
    return Delivery.periodic(
        Schedule.every(1, Schedule.Unit.MONTHS).withWindow(LocalTime.of(9, 0), LocalTime.of(18, 0)),
        4);
  }

  /** A REQUESTED consent with every required field and no optional one. */
  static ConsentBuilder requestedBuilder() {
    return Consent.builder()
        .id(ID)
        .subject(subject())
        .consumer(KB_BANK)
        .items(items())
        .purpose(new Purpose("loan-screening", "대출 심사", LegalBasis.PIPA_35_2))
        .delivery(monthly())
        .validFrom(VALID_FROM)
        .validUntil(VALID_UNTIL)
        .retention(Period.ofYears(1))
        .createdAt(CREATED);
  }

  static Consent requested() {
    return requestedBuilder().build();
  }

  static AuthenticationEvidence evidence() {
    return evidenceAt(AUTHENTICATED);
  }

  static AuthenticationEvidence evidenceAt(Instant authenticatedAt) {
    return new AuthenticationEvidence(
        AuthenticationEvidence.Method.SIMPLE_AUTHENTICATION,
        authenticatedAt,
        "mobile-app",
        AuthenticationEvidence.sha256Hex(CONSENT_TEXT));
  }

  /** The consent of the shipped example file {@code consent-active.json}. */
  static Consent exampleActive() {
    return requestedBuilder()
        .dataRange(new DataRange(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 12, 31)))
        .build()
        .approve(APPROVED, evidence(), 42);
  }

  /** A consent with every optional field present. */
  static Consent everything() {
    return requestedBuilder()
        .supersedes(OTHER_ID)
        .dataRange(new DataRange(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 12, 31)))
        .representative(new Representative(Representative.Kind.GUARDIAN, "family-cert:7f3a9c"))
        .build()
        .approve(APPROVED, evidence(), 7)
        .revoke(Instant.parse("2026-02-03T04:05:06.789Z"), RevokedBy.CITIZEN, "더 이상 필요하지 않음");
  }
}
