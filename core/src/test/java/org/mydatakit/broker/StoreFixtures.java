package org.mydatakit.broker;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.Period;
import java.util.Map;
import java.util.Set;
import org.mydatakit.audit.AuditEvent;
import org.mydatakit.audit.AuditEventType;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.AuthenticationEvidence;
import org.mydatakit.consent.CitizenIdentifier;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.consent.LegalBasis;
import org.mydatakit.consent.PairwiseSubjects;
import org.mydatakit.consent.Purpose;

/** Obviously fictional citizens and their consents, for store and broker tests. */
public final class StoreFixtures {
  public static final PairwiseSubjects SUBJECTS =
      PairwiseSubjects.of(
          "FAKE-MASTER-SECRET-for-examples-and-tests-only".getBytes(StandardCharsets.US_ASCII));
  public static final AgencyId NHIS = AgencyId.of("NHIS");
  public static final AgencyId NTS = AgencyId.of("NTS");
  public static final AgencyId KB_BANK = AgencyId.of("KB-BANK");
  public static final ItemCode QUALIFICATION = ItemCode.of("nhis.qualification");
  public static final ItemCode INCOME = ItemCode.of("nts.income-certificate");
  public static final Instant T0 = Instant.parse("2026-03-02T01:00:00Z");

  private StoreFixtures() {}

  /** The fake CI of fictional citizen number {@code n}. */
  public static CitizenIdentifier citizen(int n) {
    return CitizenIdentifier.of("FAKE-CI-CITIZEN-" + n);
  }

  /** A REQUESTED one-time consent of citizen {@code n}, created at {@code at}. */
  public static Consent requested(int n, AgencyId consumer, Instant at) {
    try (CitizenIdentifier ci = citizen(n)) {
      return Consent.builder()
          .id(ConsentId.generate(at))
          .subject(SUBJECTS.derive(ci, Set.of(NHIS, NTS)))
          .consumer(consumer)
          .items(Set.of(DataItem.of(NHIS, QUALIFICATION), DataItem.of(NTS, INCOME)))
          .purpose(new Purpose("loan-screening", "대출 심사", LegalBasis.PIPA_35_2))
          .delivery(Delivery.oneTime())
          .validFrom(at)
          .validUntil(at.plus(java.time.Duration.ofDays(30)))
          .retention(Period.ofYears(1))
          .createdAt(at)
          .build();
    }
  }

  public static Consent requested(int n) {
    return requested(n, KB_BANK, T0);
  }

  public static AuthenticationEvidence evidence(Instant at) {
    return new AuthenticationEvidence(
        AuthenticationEvidence.Method.MOBILE_ID,
        at,
        "mobile-app",
        AuthenticationEvidence.sha256Hex("가상 시민의 동의문"));
  }

  public static AuditEvent event(Consent consent, AuditEventType type, Instant at) {
    return AuditEvent.of(at, type, consent.id(), "system", Map.of());
  }

  /** Inserts and approves a consent; returns the ACTIVE version. */
  public static Consent active(ConsentStore store, int n) {
    Consent requested = requested(n);
    store.insert(
        requested,
        "key-" + n + "-" + requested.id(),
        event(requested, AuditEventType.REQUESTED, T0));
    Consent active = requested.approve(T0, evidence(T0), store.nextStatusIndex());
    if (!store.update(
        java.util.List.of(
            ConsentChange.of(requested, active, event(requested, AuditEventType.APPROVED, T0))))) {
      throw new AssertionError("approve failed");
    }
    return active;
  }

  public static GrantRecord grant(Consent consent, AgencyId provider, String id, String period) {
    return new GrantRecord(
        id, consent.id(), provider, consent.itemsAt(provider), T0, T0.plusSeconds(300), period);
  }

  public static AuditEvent grantEvent(Consent consent, String grantId) {
    return AuditEvent.of(
        T0,
        AuditEventType.GRANT_ISSUED,
        consent.id(),
        "consumer:KB-BANK",
        Map.of("grantId", grantId));
  }
}
