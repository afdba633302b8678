package org.mydatakit.broker;

import org.mydatakit.audit.AuditEvent;
import org.mydatakit.audit.AuditEventType;
import org.mydatakit.consent.Consent;
import org.mydatakit.events.ConsentEventType;

/** The rules every store applies to erasure attestations, in one place. */
final class ErasureStep {
  private ErasureStep() {}

  /** Checks an attestation against its (locked) consent and its audit event. */
  static void check(Consent consent, ErasureRecord record, AuditEvent event) {
    if (!consent.consumer().equals(record.consumer())) {
      throw new IllegalArgumentException(
          "record erasure: expected an attestation by the consent's consumer");
    }
    if (event.type() != AuditEventType.ERASURE_ATTESTED
        || !event.consentId().equals(record.consentId())) {
      throw new IllegalArgumentException(
          "record erasure: expected an ERASURE_ATTESTED event about the consent");
    }
  }

  /** Whether {@code event} puts the consent's consumer under an obligation to erase. */
  static boolean owesErasure(OutboxEvent event, Consent consent) {
    return event.receiver().equals(consent.consumer())
        && (event.type() == ConsentEventType.CONSENT_REVOKED
            || event.type() == ConsentEventType.RETENTION_ENDED);
  }
}
