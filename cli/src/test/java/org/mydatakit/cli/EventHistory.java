package org.mydatakit.cli;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.broker.ConsentRequest;
import org.mydatakit.broker.EventOutbox;
import org.mydatakit.broker.FetchOutcome;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.AuthenticationEvidence;
import org.mydatakit.consent.CitizenIdentifier;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.consent.LegalBasis;
import org.mydatakit.consent.PairwiseSubjects;
import org.mydatakit.consent.Purpose;
import org.mydatakit.consent.RevokedBy;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.store.jdbc.Databases;
import org.mydatakit.store.jdbc.JdbcConsentStore;

/**
 * A broker's store with consent events in every state and consents that owe an erasure, written
 * through a real {@link ConsentBroker} whose clock is moved back in time.
 */
final class EventHistory {
  static final AgencyId KB_BANK = AgencyId.of("KB-BANK");
  static final AgencyId NHIS = AgencyId.of("NHIS");

  /** The consumer's DPoP key thumbprint (RFC 7638's example). */
  private static final String CONSUMER_JKT = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

  private static final SigningKeySet KEYS = SigningKeySet.generate(SigningAlgorithm.ES256);

  /** When the history was written; everything before it is in the past. */
  final Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);

  final JdbcConsentStore store;

  /** Revoked 40 days ago after a delivery, no attestation: overdue with the default grace. */
  final Consent longRevoked;

  /** Approved, paused, resumed, revoked an hour ago after a delivery: due, not yet overdue. */
  final Consent justRevoked;

  /** Revoked 40 days ago after a delivery, erasure attested: owes nothing. */
  final Consent attested;

  /** Revoked 40 days ago, never delivered: owes nothing. */
  final Consent neverFetched;

  /** NHIS's first event of each consent, dead-lettered, oldest first. */
  final List<EventOutbox.Entry> dead;

  /** One of KB-BANK's events, delivered. */
  final EventOutbox.Entry delivered;

  /** The next of KB-BANK's events, rejected by it. */
  final EventOutbox.Entry rejected;

  private final MovableClock clock = new MovableClock();
  private final ConsentBroker broker;

  /** Writes the history into a new store at {@code url} (migrated first, as a broker does). */
  EventHistory(String url) {
    store = JdbcConsentStore.builder(Databases.fromUrl(url)).build();
    store.migrate();
    broker =
        ConsentBroker.builder()
            .store(store)
            .signingKeys(KEYS)
            .issuer("https://broker.example")
            .pairwiseSubjects(
                PairwiseSubjects.of(
                    "FAKE-MASTER-SECRET-for-examples-and-tests-only"
                        .getBytes(StandardCharsets.US_ASCII)))
            .statusListUri(URI.create("https://broker.example/status/1"))
            .clock(clock)
            .build();
    clock.now = start.minus(Duration.ofDays(40));
    longRevoked = revoked(fetched(active(1), 1));
    attested = revoked(fetched(active(2), 2));
    broker.recordErasure(
        "erasure-attestation-1",
        attested.id(),
        KB_BANK,
        List.of("tx-2"),
        clock.now,
        "a-token-the-broker-server-verified");
    neverFetched = revoked(active(3));
    clock.now = start.minus(Duration.ofHours(1));
    Consent fourth = fetched(active(4), 4);
    broker.pause(fourth.id());
    broker.resume(fourth.id());
    justRevoked = broker.revoke(fourth.id(), RevokedBy.CITIZEN, "changed my mind");

    EventOutbox outbox = store.events();
    dead = outbox.claim(NHIS, start, Duration.ofMinutes(1), 100);
    for (EventOutbox.Entry e : dead) {
      outbox.deadLetter(e.seq(), "HTTP 503", start);
    }
    EventOutbox.Entry first = outbox.claim(KB_BANK, start, Duration.ofMinutes(1), 1).get(0);
    outbox.delivered(first.seq(), start);
    delivered = outbox.find(first.event().jti()).orElseThrow();
    EventOutbox.Entry second = outbox.claim(KB_BANK, start, Duration.ofMinutes(1), 1).get(0);
    outbox.rejected(second.seq(), "invalid_key", start);
    rejected = outbox.find(second.event().jti()).orElseThrow();
  }

  /** The dead letters as the store has them now (attempts, error and time filled in). */
  List<EventOutbox.Entry> deadNow() {
    return dead.stream().map(e -> store.events().find(e.event().jti()).orElseThrow()).toList();
  }

  private Consent active(int citizen) {
    Instant now = clock.now;
    ConsentRequest request =
        ConsentRequest.builder()
            .consumer(KB_BANK)
            .item(DataItem.of(NHIS, ItemCode.of("nhis.qualification")))
            .purpose(new Purpose("loan-screening", "대출 심사", LegalBasis.PIPA_35_2))
            .delivery(Delivery.oneTime())
            .validity(now, now.plus(Duration.ofDays(60)))
            .retention(Period.ofYears(1))
            .build();
    try (CitizenIdentifier ci = CitizenIdentifier.of("FAKE-CI-CITIZEN-" + citizen)) {
      Consent requested = broker.request(request, ci, "k" + citizen);
      return broker.approve(
          requested.id(),
          ci,
          new AuthenticationEvidence(
              AuthenticationEvidence.Method.MOBILE_ID,
              now,
              "mobile-app",
              AuthenticationEvidence.sha256Hex("consent text")));
    }
  }

  /** {@code consent}, after NHIS delivered its items to KB-BANK in transaction tx-n. */
  private Consent fetched(Consent consent, int n) {
    String grantId = broker.issueGrant(consent.id(), NHIS, CONSUMER_JKT).grantId();
    broker.recordFetch(grantId, NHIS, consent.itemsAt(NHIS), "tx-" + n, FetchOutcome.DELIVERED);
    return consent;
  }

  private Consent revoked(Consent consent) {
    return broker.revoke(consent.id(), RevokedBy.CITIZEN, "done");
  }

  /** A clock the history moves. */
  private static final class MovableClock extends Clock {
    volatile Instant now = Instant.now();

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
