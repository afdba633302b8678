package org.mydatakit.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mydatakit.store.tck.StoreFixtures.KB_BANK;
import static org.mydatakit.store.tck.StoreFixtures.NHIS;
import static org.mydatakit.store.tck.StoreFixtures.NTS;
import static org.mydatakit.store.tck.StoreFixtures.citizen;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mydatakit.audit.AuditEventType;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.RevokedBy;
import org.mydatakit.events.ConsentEvent;
import org.mydatakit.events.ConsentEventType;
import org.mydatakit.events.InvalidSecurityEventException;
import org.mydatakit.events.SecurityEventTokens;
import org.mydatakit.store.tck.StoreFixtures;

/** The broker writes the agencies' events with each change, and tells the citizen. */
class ConsentBrokerEventsTest {
  private final BrokerFixture f = new BrokerFixture();
  private final List<CitizenNotice> told = new ArrayList<>();
  private final ConsentBroker broker =
      ConsentBroker.builder()
          .store(f.store)
          .signingKeys(BrokerFixture.KEYS)
          .issuer("https://broker.example")
          .pairwiseSubjects(StoreFixtures.SUBJECTS)
          .statusListUri(URI.create("https://broker.example/status/1"))
          .approvalWindow(Duration.ofHours(1))
          .clock(f.clock)
          .citizenNotifier(told::add)
          .build();

  private Consent active(int n) {
    Consent requested =
        broker.request(f.request(Delivery.oneTime()).build(), citizen(n), "req-" + n);
    return broker.approve(requested.id(), citizen(n), StoreFixtures.evidence(f.clock.instant()));
  }

  private List<EventOutbox.Entry> due(AgencyId receiver, Instant at) {
    return f.store.events().pending(receiver, at, 100);
  }

  private ConsentEvent verified(EventOutbox.Entry entry) throws InvalidSecurityEventException {
    return SecurityEventTokens.verifier(
            BrokerFixture.KEYS.verificationKeys(),
            "https://broker.example",
            entry.event().receiver())
        .verify(entry.event().token())
        .event();
  }

  @Test
  void approvalTellsTheConsumerAndEachProviderAndSchedulesTheEndOfRetention() throws Exception {
    Consent active = active(1);
    for (AgencyId receiver : List.of(KB_BANK, NHIS, NTS)) {
      List<EventOutbox.Entry> events = due(receiver, f.clock.instant());
      assertThat(events).hasSize(1);
      ConsentEvent event = verified(events.get(0));
      assertThat(event.type()).isEqualTo(ConsentEventType.CONSENT_APPROVED);
      assertThat(event.consentId()).isEqualTo(active.id());
      assertThat(event.subject()).isEqualTo(active.subject().at(receiver));
      assertThat(event.txn()).isEqualTo(active.id() + "." + active.version());
    }
    assertThat(verified(due(NHIS, f.clock.instant()).get(0)).items())
        .allSatisfy(i -> assertThat(i.provider()).isEqualTo(NHIS));
    Instant retentionEnds =
        active.validUntil().atZone(ZoneOffset.UTC).plus(active.retention()).toInstant();
    // NHIS and NTS never get it; the consumer gets it when the retention period ends
    List<EventOutbox.Entry> later = due(KB_BANK, retentionEnds);
    assertThat(later).hasSize(1); // the approval, still pending, heads the queue
    f.store.events().acknowledge(KB_BANK, List.of(later.get(0).event().jti()), retentionEnds);
    EventOutbox.Entry ended = due(KB_BANK, retentionEnds).get(0);
    assertThat(ended.event().type()).isEqualTo(ConsentEventType.RETENTION_ENDED);
    assertThat(ended.event().notBefore()).isEqualTo(retentionEnds);
    assertThat(due(NHIS, retentionEnds))
        .extracting(e -> e.event().type())
        .containsExactly(ConsentEventType.CONSENT_APPROVED);
    assertThat(told).extracting(CitizenNotice::what).containsExactly(AuditEventType.APPROVED);
    assertThat(told.get(0).citizen()).isEqualTo(active.subject().brokerSubject());
    assertThat(told.get(0).providers()).containsExactly(NHIS, NTS);
  }

  @Test
  void eachTransitionReachesEveryAgencyInOrderAndTheCitizen() throws Exception {
    Consent active = active(1);
    broker.pause(active.id());
    broker.resume(active.id());
    broker.revoke(active.id(), RevokedBy.CITIZEN, "changed my mind");
    for (AgencyId receiver : List.of(KB_BANK, NHIS, NTS)) {
      List<ConsentEventType> types = new ArrayList<>();
      List<EventOutbox.Entry> next;
      while (!(next = due(receiver, f.clock.instant())).isEmpty()) {
        types.add(verified(next.get(0)).type());
        f.store
            .events()
            .acknowledge(receiver, List.of(next.get(0).event().jti()), f.clock.instant());
      }
      assertThat(types)
          .containsExactly(
              ConsentEventType.CONSENT_APPROVED,
              ConsentEventType.CONSENT_PAUSED,
              ConsentEventType.CONSENT_RESUMED,
              ConsentEventType.CONSENT_REVOKED);
    }
    assertThat(told)
        .extracting(CitizenNotice::what)
        .containsExactly(
            AuditEventType.APPROVED,
            AuditEventType.PAUSED,
            AuditEventType.RESUMED,
            AuditEventType.REVOKED);
  }

  @Test
  void aRejectedOrUnapprovedRequestTellsNoAgency() {
    Consent rejected = f.requested(1, Delivery.oneTime());
    broker.reject(rejected.id(), "no");
    Consent unapproved = f.requested(2, Delivery.oneTime());
    f.clock.advance(Duration.ofHours(2));
    assertThat(broker.expireDue(f.clock.instant())).isEqualTo(1);
    assertThat(f.store.events().countByState().get(EventOutbox.State.PENDING)).isZero();
    assertThat(broker.find(unapproved.id()).orElseThrow().status().name()).isEqualTo("EXPIRED");
  }

  @Test
  void anAmendmentSupersedesWithEventsAboutBothConsents() throws Exception {
    Consent old = active(1);
    Consent amendment =
        broker.amend(old.id(), f.request(Delivery.oneTime()).build(), citizen(1), "amend-1");
    broker.approve(amendment.id(), citizen(1), StoreFixtures.evidence(f.clock.instant()));
    List<ConsentEventType> types = new ArrayList<>();
    for (EventOutbox.Entry e : due(NHIS, f.clock.instant())) {
      types.add(verified(e).type());
    }
    // one head per consent: the old consent's approval, the amendment's approval
    assertThat(types)
        .containsExactly(ConsentEventType.CONSENT_APPROVED, ConsentEventType.CONSENT_APPROVED);
    assertThat(f.store.events().countByState().get(EventOutbox.State.PENDING))
        .isEqualTo(3 + 1 + 3 + 1 + 3); // approvals + retention ends + the supersession
  }

  @Test
  void erasureAttestationsAreRecordedOnceLoggedAndToldToTheCitizen() {
    Consent active = active(1);
    Instant erased = f.clock.instant();
    assertThat(
            broker.recordErasure(
                "att-1", active.id(), KB_BANK, List.of("KBBANK0001"), erased, "a.b.c"))
        .isTrue();
    assertThat(
            broker.recordErasure(
                "att-1", active.id(), KB_BANK, List.of("KBBANK0001"), erased, "a.b.c"))
        .isFalse();
    assertThat(broker.erasures(active.id())).hasSize(1);
    assertThat(f.store.loggedAbout(active.id()))
        .extracting(e -> e.entry().event().type())
        .endsWith(AuditEventType.ERASURE_ATTESTED);
    assertThat(f.store.loggedAbout(active.id()).get(2).entry().event().details())
        .containsEntry("deliveries", "1")
        .doesNotContainValue("KBBANK0001");
    assertThat(told).extracting(CitizenNotice::what).endsWith(AuditEventType.ERASURE_ATTESTED);
    assertThatThrownBy(
            () ->
                broker.recordErasure(
                    "att-2", active.id(), NHIS, List.of("KBBANK0001"), erased, "a.b.c"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aNotifierThatFailsDoesNotUndoTheDecision() {
    ConsentBroker failing =
        ConsentBroker.builder()
            .store(f.store)
            .signingKeys(BrokerFixture.KEYS)
            .issuer("https://broker.example")
            .pairwiseSubjects(StoreFixtures.SUBJECTS)
            .statusListUri(URI.create("https://broker.example/status/1"))
            .clock(f.clock)
            .citizenNotifier(
                n -> {
                  throw new IllegalStateException("inbox down");
                })
            .build();
    Consent requested = failing.request(f.request(Delivery.oneTime()).build(), citizen(3), "req-3");
    Consent active =
        failing.approve(requested.id(), citizen(3), StoreFixtures.evidence(f.clock.instant()));
    assertThat(active.status().name()).isEqualTo("ACTIVE");
  }

  @Test
  void noticesAndOutboxEntriesShowNoSubjectOrToken() {
    Consent active = active(1);
    EventOutbox.Entry entry = due(NHIS, f.clock.instant()).get(0);
    assertThat(entry.toString())
        .doesNotContain(entry.event().token())
        .doesNotContain(active.subject().at(NHIS).orElseThrow().value());
    assertThat(told.get(0).toString())
        .doesNotContain(active.subject().brokerSubject().value())
        .doesNotContain(active.id().toString());
  }
}
