package org.mydatakit.broker;

import java.util.Optional;
import org.mydatakit.audit.AuditEvent;
import org.mydatakit.consent.Consent;
import org.mydatakit.internal.Checks;

/**
 * One change a {@link ConsentStore.ChangeStep} returns inside {@link ConsentStore#change}'s
 * transaction: replace {@code current} (the consent as the step saw it, locked) by {@code next},
 * and append {@code event} (and keep {@code receipt}) in the same transaction.
 */
public record ConsentChange(
    Consent current, Consent next, AuditEvent event, Optional<ReceiptRecord> receipt) {

  /** Requires the same consent, the next version, and an event about it. */
  public ConsentChange {
    Checks.notNull("current consent", current);
    Checks.notNull("next consent", next);
    Checks.notNull("audit event", event);
    Checks.notNull("receipt", receipt);
    if (!current.id().equals(next.id()) || next.version() != current.version() + 1) {
      throw new IllegalArgumentException(
          "consent change: expected the next version of the same consent");
    }
    if (!event.consentId().equals(current.id())) {
      throw new IllegalArgumentException("consent change: expected an event about the consent");
    }
  }

  /** A change without a receipt. */
  public static ConsentChange of(Consent current, Consent next, AuditEvent event) {
    return new ConsentChange(current, next, event, Optional.empty());
  }
}
