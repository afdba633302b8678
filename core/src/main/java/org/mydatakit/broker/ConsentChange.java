package org.mydatakit.broker;

import java.util.List;
import java.util.Optional;
import org.mydatakit.audit.AuditEvent;
import org.mydatakit.consent.Consent;
import org.mydatakit.internal.Checks;

/**
 * One change a {@link ConsentStore.ChangeStep} returns inside {@link ConsentStore#change}'s
 * transaction: replace {@code current} (the consent as the step saw it, locked) by {@code next},
 * and append {@code event}, keep {@code receipt} and write {@code events} into the {@linkplain
 * EventOutbox outbox}, all in the same transaction.
 */
public record ConsentChange(
    Consent current,
    Consent next,
    AuditEvent event,
    Optional<ReceiptRecord> receipt,
    List<OutboxEvent> events) {

  /** Requires the same consent, the next version, an event about it, and outbox events about it. */
  public ConsentChange {
    Checks.notNull("current consent", current);
    Checks.notNull("next consent", next);
    Checks.notNull("audit event", event);
    Checks.notNull("receipt", receipt);
    events = List.copyOf(Checks.notNull("outbox events", events));
    for (OutboxEvent e : events) {
      if (!e.consentId().equals(current.id())) {
        throw new IllegalArgumentException(
            "consent change: expected outbox events about the consent");
      }
    }
    if (!current.id().equals(next.id()) || next.version() != current.version() + 1) {
      throw new IllegalArgumentException(
          "consent change: expected the next version of the same consent");
    }
    if (!event.consentId().equals(current.id())) {
      throw new IllegalArgumentException("consent change: expected an event about the consent");
    }
  }

  /** A change with a receipt and no outbox events. */
  public ConsentChange(
      Consent current, Consent next, AuditEvent event, Optional<ReceiptRecord> receipt) {
    this(current, next, event, receipt, List.of());
  }

  /** A change without a receipt or outbox events. */
  public static ConsentChange of(Consent current, Consent next, AuditEvent event) {
    return new ConsentChange(current, next, event, Optional.empty(), List.of());
  }
}
