package org.mydatakit.store.tck;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mydatakit.audit.AuditEvent;
import org.mydatakit.audit.AuditEventType;
import org.mydatakit.broker.ConsentChange;
import org.mydatakit.broker.ConsentStore;
import org.mydatakit.broker.FetchRecord;
import org.mydatakit.broker.GrantOutcome;
import org.mydatakit.broker.GrantRecord;
import org.mydatakit.broker.OutboxEvent;
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
import org.mydatakit.consent.internal.ConsentLifecycle;
import org.mydatakit.events.ConsentEventType;

/**
 * Obviously fictional citizens (가상 인물) and their consents, for store and broker tests: every
 * identifier starts with {@code FAKE-}, and the master secret says it is for tests only.
 *
 * <pre>{@code
 * Consent requested = StoreFixtures.requested(1);              // citizen 1, REQUESTED at T0
 * Consent active = StoreFixtures.active(store, 2);             // inserted and approved in store
 * store.recordGrant(StoreFixtures.grant(active, NHIS, "g1", "p0"), 1,
 *     StoreFixtures.grantEvent(active, "g1"));
 * }</pre>
 */
public final class StoreFixtures {
  /** Pairwise subjects under a fake master secret. */
  public static final PairwiseSubjects SUBJECTS =
      PairwiseSubjects.of(
          "FAKE-MASTER-SECRET-for-examples-and-tests-only".getBytes(StandardCharsets.US_ASCII));

  /** The provider agency NHIS (국민건강보험공단, National Health Insurance Service). */
  public static final AgencyId NHIS = AgencyId.of("NHIS");

  /** The provider agency NTS (국세청, National Tax Service). */
  public static final AgencyId NTS = AgencyId.of("NTS");

  /** The consumer of every fixture consent. */
  public static final AgencyId KB_BANK = AgencyId.of("KB-BANK");

  /** NHIS's qualification item. */
  public static final ItemCode QUALIFICATION = ItemCode.of("nhis.qualification");

  /** NTS's income certificate item. */
  public static final ItemCode INCOME = ItemCode.of("nts.income-certificate");

  /** When every fixture consent is created, valid from and approved. */
  public static final Instant T0 = Instant.parse("2026-03-02T01:00:00Z");

  private StoreFixtures() {}

  /**
   * The fake CI (연계정보, connecting information) of fictional citizen number {@code n}.
   *
   * @param n any number
   * @return an identifier of the form {@code FAKE-CI-CITIZEN-n}; close it after use
   */
  public static CitizenIdentifier citizen(int n) {
    return CitizenIdentifier.of("FAKE-CI-CITIZEN-" + n);
  }

  /**
   * A REQUESTED one-time consent of citizen {@code n} for NHIS and NTS items, created at {@code at}
   * and valid for 30 days from then.
   *
   * @param n the fictional citizen
   * @param consumer who asks
   * @param at creation and start of validity
   * @return a new consent with a new id
   */
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
          .validUntil(at.plus(Duration.ofDays(30)))
          .retention(Period.ofYears(1))
          .createdAt(at)
          .build();
    }
  }

  /**
   * {@link #requested(int, AgencyId, Instant)} for {@link #KB_BANK} at {@link #T0}.
   *
   * @param n the fictional citizen
   * @return a new consent with a new id
   */
  public static Consent requested(int n) {
    return requested(n, KB_BANK, T0);
  }

  /**
   * Evidence that the citizen authenticated with a mobile id at {@code at}.
   *
   * @param at when
   * @return the evidence an approval needs
   */
  public static AuthenticationEvidence evidence(Instant at) {
    return new AuthenticationEvidence(
        AuthenticationEvidence.Method.MOBILE_ID,
        at,
        "mobile-app",
        AuthenticationEvidence.sha256Hex("가상 시민의 동의문"));
  }

  /**
   * An audit event of {@code type} for {@code consent} by the system.
   *
   * @param consent the consent the event is about
   * @param type what happened
   * @param at when
   * @return the event
   */
  public static AuditEvent event(Consent consent, AuditEventType type, Instant at) {
    return AuditEvent.of(at, type, consent.id(), "system", Map.of());
  }

  /**
   * Inserts and approves a consent of citizen {@code n}.
   *
   * @param store where
   * @param n the fictional citizen
   * @return the ACTIVE version, as stored
   */
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
                        ConsentLifecycle.approve(
                            locked.consent(), T0, evidence(T0), locked.nextStatusIndex()),
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

  /**
   * A grant record for {@code consent} at {@code provider}, issued at {@link #T0} for 5 minutes.
   *
   * @param consent an ACTIVE consent
   * @param provider the grant's audience
   * @param id the grant id
   * @param period the budget period the grant counts against
   * @return the record to pass to {@link ConsentStore#recordGrant}
   */
  public static GrantRecord grant(Consent consent, AgencyId provider, String id, String period) {
    return new GrantRecord(
        id, consent.id(), provider, consent.itemsAt(provider), T0, T0.plusSeconds(300), period);
  }

  /**
   * The audit event of issuing grant {@code grantId} for {@code consent}.
   *
   * @param consent the consent
   * @param grantId the grant
   * @return the event
   */
  public static AuditEvent grantEvent(Consent consent, String grantId) {
    return AuditEvent.of(
        T0,
        AuditEventType.GRANT_ISSUED,
        consent.id(),
        "consumer:KB-BANK",
        Map.of("grantId", grantId));
  }

  /**
   * An outbox event about {@code consent} for {@code receiver}, due at {@code notBefore}, with a
   * fresh jti and a placeholder token (stores keep tokens as they are).
   *
   * @param consent the consent
   * @param receiver the receiving agency
   * @param type the event type
   * @param createdAt when written
   * @param notBefore when due
   * @return the event
   */
  public static OutboxEvent outboxEvent(
      Consent consent,
      AgencyId receiver,
      ConsentEventType type,
      Instant createdAt,
      Instant notBefore) {
    String jti = java.util.UUID.randomUUID().toString();
    return new OutboxEvent(
        jti,
        consent.id(),
        receiver,
        type,
        "eyJ0eXAiOiJzZWNldmVudCtqd3QifQ.e30." + jti,
        createdAt,
        notBefore);
  }

  /**
   * An outbox event due when written.
   *
   * @param consent the consent
   * @param receiver the receiving agency
   * @param type the event type
   * @return the event, written and due at {@link #T0}
   */
  public static OutboxEvent outboxEvent(Consent consent, AgencyId receiver, ConsentEventType type) {
    return outboxEvent(consent, receiver, type, T0, T0);
  }
}
