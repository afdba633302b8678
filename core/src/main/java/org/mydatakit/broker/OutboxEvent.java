package org.mydatakit.broker;

import java.time.Instant;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.events.ConsentEventType;
import org.mydatakit.internal.Checks;

/**
 * One signed consent event for one receiving agency, as the broker writes it into its outbox in the
 * same store transaction as the change it reports ({@link ConsentChange#events()}, {@link
 * ConsentStore.RecordedFetch#events()}), and as the dispatcher delivers it.
 *
 * @param jti the SET's {@code jti}: unique, and the same on every retry
 * @param consentId the consent it is about; events of one consent reach a receiver in order
 * @param receiver the agency it is for (the SET's {@code aud})
 * @param type what happened
 * @param token the signed SET ({@code application/secevent+jwt})
 * @param createdAt when it was written
 * @param notBefore when it may be delivered: {@code createdAt}, or later for an event written ahead
 *     of time (the end of a consent's retention period, written when the consent is approved)
 */
public record OutboxEvent(
    String jti,
    ConsentId consentId,
    AgencyId receiver,
    ConsentEventType type,
    String token,
    Instant createdAt,
    Instant notBefore) {

  /** Requires every part; {@code notBefore} not before {@code createdAt}. */
  public OutboxEvent {
    Checks.token("jti", jti, 128);
    Checks.notNull("consent id", consentId);
    Checks.notNull("receiver", receiver);
    Checks.notNull("event type", type);
    Checks.notNull("token", token);
    Checks.notNull("created at", createdAt);
    Checks.notNull("not before", notBefore);
    if (notBefore.isBefore(createdAt)) {
      throw new IllegalArgumentException("outbox event: expected notBefore at or after createdAt");
    }
  }

  /** Shows the type, the receiver and the jti; never the token. */
  @Override
  public String toString() {
    return "OutboxEvent[" + type + " for " + receiver.value() + ", jti " + jti + "]";
  }
}
