package org.mydatakit.events;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.internal.Checks;

/**
 * A consumer's verified statement that it erased what it fetched under a consent: which deliveries
 * (their transaction or grant ids) and when. Only {@link ErasureAttestations.Verifier} reads one
 * from a token.
 *
 * <pre>{@code
 * ErasureAttestation attested = ErasureAttestations.verifier(bankKeys, bank, issuer).verify(token);
 * ledger.erased(attested.consentId(), attested.deliveries(), attested.erasedAt());
 * }</pre>
 *
 * <p>Immutable. {@link #toString()} shows the consumer and how many deliveries, no other id.
 *
 * @param jti the attestation's own id: the same attestation sent again has the same one
 * @param consumer the consumer that attests (the SET's issuer)
 * @param consentId the consent the deliveries were fetched under
 * @param deliveries the erased deliveries' ids: 1 to {@value ErasureAttestations#MAX_DELIVERIES},
 *     each 1 to 128 characters of letters, digits, {@code .}, {@code _} or {@code -}, no repeats
 * @param erasedAt when they were erased
 */
public record ErasureAttestation(
    String jti, AgencyId consumer, ConsentId consentId, List<String> deliveries, Instant erasedAt) {

  public ErasureAttestation {
    Checks.token("jti", jti, 64);
    Checks.notNull("consumer", consumer);
    Checks.notNull("consent id", consentId);
    deliveries = checkDeliveries(deliveries);
    Checks.notNull("erased at", erasedAt);
  }

  /** The deliveries as an immutable copy, each an id, at least one, at most the cap, no repeat. */
  static List<String> checkDeliveries(List<String> deliveries) {
    Checks.notNull("deliveries", deliveries);
    if (deliveries.isEmpty() || deliveries.size() > ErasureAttestations.MAX_DELIVERIES) {
      throw new IllegalArgumentException(
          "deliveries: expected 1 to "
              + ErasureAttestations.MAX_DELIVERIES
              + ", got "
              + deliveries.size());
    }
    for (String delivery : deliveries) {
      if (delivery == null || !delivery.matches("[A-Za-z0-9._-]{1,128}")) {
        throw new IllegalArgumentException(
            "deliveries: expected ids of 1 to 128 letters, digits, '.', '_' or '-'");
      }
    }
    if (new HashSet<>(deliveries).size() != deliveries.size()) {
      throw new IllegalArgumentException("deliveries: expected no id twice");
    }
    return List.copyOf(deliveries);
  }

  @Override
  public String toString() {
    return "ErasureAttestation[consumer="
        + consumer.value()
        + ", deliveries="
        + deliveries.size()
        + "]";
  }
}
