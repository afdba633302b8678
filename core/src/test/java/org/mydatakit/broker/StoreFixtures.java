package org.mydatakit.broker;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    insert(
        store,
        requested,
        "key-" + n + "-" + requested.id(),
        event(requested, AuditEventType.REQUESTED, T0));
    return store
        .change(
            "approve",
            requested.id(),
            locked ->
                List.of(
                    ConsentChange.of(
                        locked.consent(),
                        locked.consent().approve(T0, evidence(T0), locked.nextStatusIndex()),
                        event(requested, AuditEventType.APPROVED, T0))))
        .value()
        .get(0);
  }

  /** {@link ConsentStore#insert}, returning the stored consent. */
  public static Consent insert(
      ConsentStore store, Consent consent, String idempotencyKey, AuditEvent event) {
    return store.insert(consent, idempotencyKey, event).value();
  }

  /**
   * Compare-and-set through {@link ConsentStore#change}: applies {@code changes} if every {@code
   * current} is still stored at its version (all locked in one transaction), else writes nothing.
   *
   * @return whether the changes were applied
   */
  public static boolean update(ConsentStore store, List<ConsentChange> changes) {
    boolean[] stale = {false};
    store.change(
        "update",
        changes.get(0).current().id(),
        locked -> {
          for (ConsentChange change : changes) {
            ConsentId id = change.current().id();
            Optional<Consent> now =
                id.equals(locked.consent().id()) ? Optional.of(locked.consent()) : locked.lock(id);
            if (now.isEmpty() || now.get().version() != change.current().version()) {
              stale[0] = true;
              return List.of();
            }
          }
          return changes;
        });
    return !stale[0];
  }

  /** Records {@code grant} against {@code budget} through {@link ConsentStore#recordGrant}. */
  public static GrantOutcome recordGrant(
      ConsentStore store, GrantRecord grant, int budget, AuditEvent event) {
    return store
        .recordGrant(
            grant.consentId(),
            new ConsentStore.GrantStep() {
              @Override
              public ConsentStore.Budget budget(Consent consent) {
                return new ConsentStore.Budget(grant.provider(), grant.period(), budget);
              }

              @Override
              public ConsentStore.IssuedGrant issue(Consent consent, ConsentStore.Budget b) {
                return new ConsentStore.IssuedGrant(grant, event);
              }
            })
        .value();
  }

  /** Records {@code fetch} through {@link ConsentStore#recordFetch}; false if refused. */
  public static boolean recordFetch(ConsentStore store, FetchRecord fetch, AuditEvent event) {
    return store
        .recordFetch(
            fetch.grantId(),
            fetch.provider(),
            (grant, consent) -> new ConsentStore.RecordedFetch(fetch, event))
        .isPresent();
  }

  /** A status index taken inside a transaction on {@code consent} that writes nothing. */
  public static long nextStatusIndex(ConsentStore store, ConsentId consent) {
    long[] index = {-1};
    store.change(
        "take a status index",
        consent,
        locked -> {
          index[0] = locked.nextStatusIndex();
          return List.of();
        });
    return index[0];
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
