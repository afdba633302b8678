package org.mydatakit.grant;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.Set;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.AuthenticationEvidence;
import org.mydatakit.consent.CitizenIdentifier;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.DataRange;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.consent.LegalBasis;
import org.mydatakit.consent.PairwiseSubjects;
import org.mydatakit.consent.Purpose;
import org.mydatakit.consent.internal.ConsentLifecycle;

/** Consents of an obviously fictional citizen, for grant tests. */
final class SampleConsents {
  static final String FAKE_CI = "FAKE-CI-HONG-GILDONG-0001";
  static final PairwiseSubjects SUBJECTS =
      PairwiseSubjects.of(
          "FAKE-MASTER-SECRET-for-examples-and-tests-only".getBytes(StandardCharsets.US_ASCII));
  static final AgencyId NHIS = AgencyId.of("NHIS");
  static final AgencyId NTS = AgencyId.of("NTS");
  static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant VALID_UNTIL = Instant.parse("2027-01-01T00:00:00Z");

  private SampleConsents() {}

  static Consent requested() {
    try (CitizenIdentifier ci = CitizenIdentifier.of(FAKE_CI)) {
      return Consent.builder()
          .id(ConsentId.generate(CREATED))
          .subject(SUBJECTS.derive(ci, Set.of(NHIS, NTS)))
          .consumer(AgencyId.of("KB-BANK"))
          .items(
              Set.of(
                  DataItem.of(NHIS, ItemCode.of("nhis.qualification")),
                  DataItem.of(NHIS, ItemCode.of("nhis.premium")),
                  DataItem.of(NTS, ItemCode.of("nts.income-certificate"))))
          .purpose(new Purpose("loan-screening", "대출 심사", LegalBasis.PIPA_35_2))
          .delivery(Delivery.oneTime())
          .dataRange(new DataRange(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 12, 31)))
          .validFrom(CREATED)
          .validUntil(VALID_UNTIL)
          .retention(Period.ofYears(1))
          .createdAt(CREATED)
          .build();
    }
  }

  static Consent active() {
    AuthenticationEvidence evidence =
        new AuthenticationEvidence(
            AuthenticationEvidence.Method.SIMPLE_AUTHENTICATION,
            CREATED,
            "mobile-app",
            AuthenticationEvidence.sha256Hex("홍길동(가상 인물)의 전송요구 동의문"));
    return ConsentLifecycle.approve(requested(), CREATED, evidence, 42);
  }
}
