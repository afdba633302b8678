package org.mydatakit.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mydatakit.store.tck.StoreFixtures.INCOME;
import static org.mydatakit.store.tck.StoreFixtures.KB_BANK;
import static org.mydatakit.store.tck.StoreFixtures.NHIS;
import static org.mydatakit.store.tck.StoreFixtures.NTS;
import static org.mydatakit.store.tck.StoreFixtures.QUALIFICATION;
import static org.mydatakit.store.tck.StoreFixtures.citizen;
import static org.mydatakit.store.tck.StoreFixtures.evidence;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mydatakit.audit.AuditEntry;
import org.mydatakit.audit.AuditEventType;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.ConsentStateException;
import org.mydatakit.consent.ConsentStatus;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.RevokedBy;
import org.mydatakit.consent.Schedule;
import org.mydatakit.grant.Grant;
import org.mydatakit.store.tck.ConsentStoreContract;

/** The broker's operations, each validated, audited and timed by the injected clock. */
class ConsentBrokerTest {
  private final BrokerFixture f = new BrokerFixture();
  private final ConsentBroker broker = f.broker;

  private List<AuditEventType> auditTypes(ConsentId id) {
    return f.store.audit(0, Integer.MAX_VALUE).stream()
        .filter(e -> e.event().consentId().equals(id))
        .map(e -> e.event().type())
        .toList();
  }

  @Test
  void requestApproveIssueFetchIsAuditedInOrder() {
    Consent requested = f.requested(1, Delivery.oneTime());
    assertThat(requested.status()).isEqualTo(ConsentStatus.REQUESTED);
    Consent active = broker.approve(requested.id(), citizen(1), evidence(f.clock.instant()));
    assertThat(active.status()).isEqualTo(ConsentStatus.ACTIVE);
    assertThat(active.statusIndex()).isPresent();
    Grant grant = broker.issueGrant(active.id(), NHIS, BrokerFixture.JKT);
    broker.recordFetch(
        grant.grantId(),
        NHIS,
        Set.of(QUALIFICATION),
        "KBBANK20260302000001",
        FetchOutcome.DELIVERED);
    assertThat(auditTypes(active.id()))
        .containsExactly(
            AuditEventType.REQUESTED,
            AuditEventType.APPROVED,
            AuditEventType.GRANT_ISSUED,
            AuditEventType.DATA_FETCHED);
    ConsentStoreContract.assertUnbroken(f.store.audit(0, Integer.MAX_VALUE));
    List<AccessRecord> history = broker.accessHistory(citizen(1));
    assertThat(history).hasSize(2);
    assertThat(history.get(0)).isInstanceOf(GrantRecord.class);
    assertThat(history.get(1))
        .isInstanceOfSatisfying(
            FetchRecord.class,
            r -> assertThat(r.transactionId()).isEqualTo("KBBANK20260302000001"));
  }

  @Test
  void requestIsIdempotentPerKey() {
    ConsentRequest request = f.request(Delivery.oneTime()).build();
    Consent first = broker.request(request, citizen(1), "order-1");
    f.clock.advance(Duration.ofSeconds(5));
    assertThat(broker.request(request, citizen(1), "order-1")).isEqualTo(first);
    assertThat(broker.request(request, citizen(1), "order-2")).isNotEqualTo(first);
  }

  @Test
  void onlyTheSubjectCanApproveAndTheIdentifierIsNotKept() {
    Consent requested = f.requested(1, Delivery.oneTime());
    assertThatThrownBy(
            () -> broker.approve(requested.id(), citizen(2), evidence(f.clock.instant())))
        .isInstanceOf(ConsentStateException.class)
        .hasMessageContaining("not the consent's subject");
    Consent active = broker.approve(requested.id(), citizen(1), evidence(f.clock.instant()));
    assertThat(active.toString()).doesNotContain("FAKE-CI");
    assertThat(broker.consentsOf(citizen(1)))
        .extracting(Consent::id)
        .containsExactly(requested.id());
    assertThat(broker.consentsOf(citizen(2))).isEmpty();
    assertThat(broker.consentsOf(KB_BANK)).hasSize(1);
  }

  @Test
  void illegalTransitionsAreTypedErrors() {
    Consent requested = f.requested(1, Delivery.oneTime());
    assertThatThrownBy(() -> broker.pause(requested.id()))
        .isInstanceOf(ConsentStateException.class);
    assertThatThrownBy(() -> broker.resume(requested.id()))
        .isInstanceOf(ConsentStateException.class);
    Consent rejected = broker.reject(requested.id(), "not now");
    assertThat(rejected.status()).isEqualTo(ConsentStatus.REJECTED);
    assertThatThrownBy(
            () -> broker.approve(requested.id(), citizen(1), evidence(f.clock.instant())))
        .isInstanceOfSatisfying(
            ConsentStateException.class,
            e -> {
              assertThat(e.from()).isEqualTo(ConsentStatus.REJECTED);
              assertThat(e.to()).isEqualTo(ConsentStatus.ACTIVE);
            });
    assertThatThrownBy(() -> broker.revoke(requested.id(), RevokedBy.CITIZEN, "x"))
        .isInstanceOf(ConsentStateException.class);
    assertThatThrownBy(() -> broker.pause(ConsentId.generate(f.clock.instant())))
        .isInstanceOf(ConsentNotFoundException.class);
    assertThat(auditTypes(requested.id()))
        .containsExactly(AuditEventType.REQUESTED, AuditEventType.REJECTED);
  }

  @Test
  void pauseResumeRevokeAreAudited() {
    Consent active = f.active(1, Delivery.oneTime());
    assertThat(broker.pause(active.id()).status()).isEqualTo(ConsentStatus.PAUSED);
    assertThatThrownBy(() -> broker.issueGrant(active.id(), NHIS, BrokerFixture.JKT))
        .isInstanceOf(ConsentStateException.class);
    assertThat(broker.resume(active.id()).status()).isEqualTo(ConsentStatus.ACTIVE);
    Consent revoked = broker.revoke(active.id(), RevokedBy.PROVIDER, "records disputed");
    assertThat(revoked.revokedBy()).contains(RevokedBy.PROVIDER);
    assertThatThrownBy(() -> broker.issueGrant(active.id(), NHIS, BrokerFixture.JKT))
        .isInstanceOf(ConsentStateException.class)
        .hasMessageContaining("REVOKED");
    assertThat(auditTypes(active.id()))
        .containsExactly(
            AuditEventType.REQUESTED,
            AuditEventType.APPROVED,
            AuditEventType.PAUSED,
            AuditEventType.RESUMED,
            AuditEventType.REVOKED);
    AuditEntry last = f.store.auditHead().orElseThrow();
    assertThat(last.event().actor()).isEqualTo("provider");
    assertThat(last.event().details()).containsEntry("by", "PROVIDER");
  }

  @Test
  void oneTimeConsentGivesOneGrantPerProvider() {
    Consent active = f.active(1, Delivery.oneTime());
    assertThat(broker.remainingBudget(active.id(), NHIS).remaining()).isEqualTo(1);
    broker.issueGrant(active.id(), NHIS, BrokerFixture.JKT);
    assertThat(broker.remainingBudget(active.id(), NHIS).remaining()).isZero();
    assertThatThrownBy(() -> broker.issueGrant(active.id(), NHIS, BrokerFixture.JKT))
        .isInstanceOfSatisfying(
            FetchLimitException.class,
            e -> {
              assertThat(e.limit()).isEqualTo(FetchLimitException.Limit.ONE_TIME_USED);
              assertThat(e.nextAllowedAt()).isEmpty();
            });
    assertThat(broker.issueGrant(active.id(), NTS, BrokerFixture.JKT).provider()).isEqualTo(NTS);
  }

  @Test
  void periodicBudgetIsEnforcedAndResetsNextPeriod() {
    Consent active = f.active(1, Delivery.periodic(Schedule.every(1, Schedule.Unit.MONTHS), 2));
    broker.issueGrant(active.id(), NHIS, BrokerFixture.JKT);
    broker.issueGrant(active.id(), NHIS, BrokerFixture.JKT);
    FetchBudget budget = broker.remainingBudget(active.id(), NHIS);
    assertThat(budget.remaining()).isZero();
    assertThat(budget.periodEnds()).contains(active.validFrom().plus(Duration.ofDays(31)));
    assertThatThrownBy(() -> broker.issueGrant(active.id(), NHIS, BrokerFixture.JKT))
        .isInstanceOfSatisfying(
            FetchLimitException.class,
            e -> {
              assertThat(e.limit()).isEqualTo(FetchLimitException.Limit.BUDGET_EXHAUSTED);
              assertThat(e.nextAllowedAt()).isEqualTo(budget.periodEnds());
              assertThat(e.getMessage()).contains("next allowed at 2026-04-02T01:00:00Z");
            });
    f.clock.set(budget.periodEnds().orElseThrow());
    assertThat(broker.remainingBudget(active.id(), NHIS).remaining()).isEqualTo(2);
    broker.issueGrant(active.id(), NHIS, BrokerFixture.JKT);
  }

  @Test
  void timeWindowIsEnforcedInItsZone() {
    // T0 is 10:00 in Seoul; the window is 13:00-18:00 Seoul time.
    Schedule schedule =
        Schedule.every(1, Schedule.Unit.WEEKS).withWindow(LocalTime.of(13, 0), LocalTime.of(18, 0));
    Consent active = f.active(1, Delivery.periodic(schedule, 5));
    assertThatThrownBy(() -> broker.issueGrant(active.id(), NHIS, BrokerFixture.JKT))
        .isInstanceOfSatisfying(
            FetchLimitException.class,
            e -> {
              assertThat(e.limit()).isEqualTo(FetchLimitException.Limit.OUTSIDE_TIME_WINDOW);
              assertThat(e.nextAllowedAt())
                  .contains(java.time.Instant.parse("2026-03-02T04:00:00Z"));
            });
    f.clock.set(java.time.Instant.parse("2026-03-02T04:00:00Z"));
    assertThat(broker.issueGrant(active.id(), NHIS, BrokerFixture.JKT).provider()).isEqualTo(NHIS);
  }

  @Test
  void grantsNeedItemsAtTheProvider() {
    Consent active = f.active(1, Delivery.oneTime());
    assertThatThrownBy(() -> broker.issueGrant(active.id(), AgencyId.of("MOIS"), BrokerFixture.JKT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(broker.remainingBudget(active.id(), NHIS).remaining()).isEqualTo(1);
  }

  @Test
  void fetchesMustNameAGrantOfThatProvider() {
    Consent active = f.active(1, Delivery.oneTime());
    Grant grant = broker.issueGrant(active.id(), NHIS, BrokerFixture.JKT);
    assertThatThrownBy(
            () ->
                broker.recordFetch(
                    grant.grantId(),
                    NTS,
                    Set.of(INCOME),
                    "KBBANK20260302000001",
                    FetchOutcome.DELIVERED))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                broker.recordFetch(
                    "unknown",
                    NHIS,
                    Set.of(QUALIFICATION),
                    "KBBANK20260302000001",
                    FetchOutcome.DELIVERED))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void amendmentSupersedesTheOldConsentWhenApproved() {
    Consent old = f.active(1, Delivery.oneTime());
    Consent amendment =
        broker.amend(
            old.id(),
            f.request(Delivery.periodic(Schedule.every(1, Schedule.Unit.MONTHS), 4)).build(),
            citizen(1),
            "amend-1");
    assertThat(amendment.supersedes()).contains(old.id());
    assertThat(broker.find(old.id()).orElseThrow().status()).isEqualTo(ConsentStatus.ACTIVE);
    Consent approved = broker.approve(amendment.id(), citizen(1), evidence(f.clock.instant()));
    assertThat(approved.status()).isEqualTo(ConsentStatus.ACTIVE);
    assertThat(broker.find(old.id()).orElseThrow().status()).isEqualTo(ConsentStatus.SUPERSEDED);
    assertThat(auditTypes(old.id())).endsWith(AuditEventType.SUPERSEDED);
  }

  @Test
  void amendmentOfARevokedConsentCannotBeApproved() {
    Consent old = f.active(1, Delivery.oneTime());
    Consent amendment =
        broker.amend(old.id(), f.request(Delivery.oneTime()).build(), citizen(1), "amend-1");
    broker.revoke(old.id(), RevokedBy.CITIZEN, "changed my mind");
    assertThatThrownBy(
            () -> broker.approve(amendment.id(), citizen(1), evidence(f.clock.instant())))
        .isInstanceOf(ConsentStateException.class)
        .hasMessageContaining("REVOKED");
    assertThat(broker.find(amendment.id()).orElseThrow().status())
        .isEqualTo(ConsentStatus.REQUESTED);
  }

  @Test
  void expiryHappensExactlyAtTheBoundaryAndIsIdempotent() {
    Consent active = f.active(1, Delivery.oneTime());
    Consent pending = f.requested(2, Delivery.oneTime());
    assertThat(broker.expireDue(active.validUntil().minusMillis(1))).isEqualTo(1); // the request
    assertThat(broker.find(pending.id()).orElseThrow().status()).isEqualTo(ConsentStatus.EXPIRED);
    assertThat(broker.find(active.id()).orElseThrow().status()).isEqualTo(ConsentStatus.ACTIVE);
    assertThat(broker.expireDue(active.validUntil())).isEqualTo(1);
    assertThat(broker.find(active.id()).orElseThrow().status()).isEqualTo(ConsentStatus.EXPIRED);
    assertThat(broker.expireDue(active.validUntil().plusSeconds(60))).isZero();
  }

  @Test
  void requestExpiresExactlyWhenTheApprovalWindowEnds() {
    Consent pending = f.requested(1, Delivery.oneTime());
    assertThat(broker.expireDue(pending.createdAt().plus(Duration.ofHours(1)).minusMillis(1)))
        .isZero();
    assertThat(broker.expireDue(pending.createdAt().plus(Duration.ofHours(1)))).isEqualTo(1);
  }

  @Test
  void builderRequiresEveryPart() {
    assertThatThrownBy(() -> ConsentBroker.builder().build()).hasMessageContaining("store");
    assertThatThrownBy(() -> ConsentBroker.builder().store(new InMemoryConsentStore()).build())
        .hasMessageContaining("signingKeys");
  }
}
