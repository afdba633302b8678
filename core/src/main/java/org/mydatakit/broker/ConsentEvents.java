package org.mydatakit.broker;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentStatus;
import org.mydatakit.consent.DataItem;
import org.mydatakit.events.ConsentEvent;
import org.mydatakit.events.ConsentEventType;
import org.mydatakit.events.SecurityEventTokens;

/**
 * Which signed events a consent change sends to whom, written into the outbox with the change: the
 * consumer and every provider the consent names receive each transition of an approved consent; the
 * consumer also receives the end of the retention period (written when the consent is approved, due
 * at {@code validUntil + retention}) and each delivery a provider confirmed.
 */
final class ConsentEvents {
  private final SecurityEventTokens.Signer signer;

  ConsentEvents(SecurityEventTokens.Signer signer) {
    this.signer = signer;
  }

  /** The event type of a transition, if the agencies are told of it. */
  static Optional<ConsentEventType> typeOf(Consent current, Consent next) {
    ConsentEventType type =
        switch (next.status()) {
          case ACTIVE ->
              current.status() == ConsentStatus.PAUSED
                  ? ConsentEventType.CONSENT_RESUMED
                  : ConsentEventType.CONSENT_APPROVED;
          case PAUSED -> ConsentEventType.CONSENT_PAUSED;
          case REVOKED -> ConsentEventType.CONSENT_REVOKED;
          case EXPIRED -> current.wasApproved() ? ConsentEventType.CONSENT_EXPIRED : null;
          case SUPERSEDED -> ConsentEventType.CONSENT_SUPERSEDED;
          case REQUESTED, REJECTED -> null;
        };
    return Optional.ofNullable(type);
  }

  /** The events of the change from {@code current} to {@code next}, made at {@code now}. */
  List<OutboxEvent> forChange(Consent current, Consent next, Instant now) {
    Optional<ConsentEventType> type = typeOf(current, next);
    if (type.isEmpty()) {
      return List.of();
    }
    List<OutboxEvent> events = new ArrayList<>();
    for (AgencyId receiver : receivers(next)) {
      events.add(signed(ConsentEvent.of(type.get(), next, receiver, now), now, now));
    }
    if (type.get() == ConsentEventType.CONSENT_APPROVED) {
      Instant retentionEnds =
          next.validUntil().atZone(ZoneOffset.UTC).plus(next.retention()).toInstant();
      events.add(
          signed(
              ConsentEvent.of(
                  ConsentEventType.RETENTION_ENDED, next, next.consumer(), retentionEnds),
              now,
              retentionEnds));
    }
    return events;
  }

  /** The consumer's event for a delivery of {@code items} a provider confirmed. */
  OutboxEvent deliveryConfirmed(Consent consent, Set<DataItem> items, Instant now) {
    ConsentEvent event =
        ConsentEvent.of(ConsentEventType.DELIVERY_CONFIRMED, consent, consent.consumer(), now)
            .withItems(items);
    return signed(event, now, now);
  }

  private static List<AgencyId> receivers(Consent consent) {
    List<AgencyId> receivers = new ArrayList<>();
    receivers.add(consent.consumer());
    for (AgencyId provider : consent.providers()) {
      if (!receivers.contains(provider)) {
        receivers.add(provider);
      }
    }
    return receivers;
  }

  private OutboxEvent signed(ConsentEvent event, Instant now, Instant notBefore) {
    String jti = UUID.randomUUID().toString();
    return new OutboxEvent(
        jti,
        event.consentId(),
        event.receiver(),
        event.type(),
        signer.sign(event, jti),
        now,
        notBefore);
  }
}
