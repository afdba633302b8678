package org.mydatakit.broker;

import java.time.Instant;
import java.util.List;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.internal.Checks;

/**
 * A consumer's erasure attestation as the broker keeps it: the consumer states, with a SET signed
 * by its registered key, that it erased what it fetched under the consent.
 *
 * @param jti the attestation's {@code jti}: a repeat with the same one is the same attestation
 * @param consentId the consent
 * @param consumer the consumer that signed it
 * @param deliveries the deliveries it says it erased (their transaction ids), at least one
 * @param erasedAt when it says it erased them
 * @param recordedAt when the broker kept it
 * @param token the signed attestation, kept as evidence
 */
public record ErasureRecord(
    String jti,
    ConsentId consentId,
    AgencyId consumer,
    List<String> deliveries,
    Instant erasedAt,
    Instant recordedAt,
    String token) {

  /** Requires every part and at least one delivery. */
  public ErasureRecord {
    Checks.token("jti", jti, 128);
    Checks.notNull("consent id", consentId);
    Checks.notNull("consumer", consumer);
    deliveries = List.copyOf(Checks.notNull("deliveries", deliveries));
    if (deliveries.isEmpty()) {
      throw new IllegalArgumentException("erasure record: expected at least one delivery");
    }
    Checks.notNull("erased at", erasedAt);
    Checks.notNull("recorded at", recordedAt);
    Checks.notNull("token", token);
  }

  /** Shows the consumer and the number of deliveries; never the token. */
  @Override
  public String toString() {
    return "ErasureRecord[" + consumer.value() + ", " + deliveries.size() + " deliveries]";
  }
}
