package org.mydatakit.broker;

import java.time.Instant;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.mydatakit.audit.AuditEventType;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.SubjectId;
import org.mydatakit.internal.Checks;

/**
 * What a citizen is told after a decision about her consent or a delivery of her data: what
 * happened, the consumer, the providers and items concerned, and when. It carries no pseudonym of
 * hers; {@link #citizen()} is only the key to find her by (her broker-wide subject, which the
 * operator maps to her inbox or contact), never to be shown.
 *
 * @param citizen whom to tell: her broker-wide subject, an address, not content
 * @param what what happened ({@link AuditEventType#APPROVED}, ..., {@link
 *     AuditEventType#DATA_FETCHED} for a delivery a provider confirmed, {@link
 *     AuditEventType#ERASURE_ATTESTED})
 * @param consentId the consent
 * @param consumer the consumer (이용기관)
 * @param providers the providers concerned
 * @param items the items concerned
 * @param at when it happened
 */
public record CitizenNotice(
    SubjectId citizen,
    AuditEventType what,
    ConsentId consentId,
    AgencyId consumer,
    SortedSet<AgencyId> providers,
    SortedSet<DataItem> items,
    Instant at) {

  /** Requires every part; copies the sets. */
  public CitizenNotice {
    Checks.notNull("citizen", citizen);
    Checks.notNull("what", what);
    Checks.notNull("consent id", consentId);
    Checks.notNull("consumer", consumer);
    providers =
        java.util.Collections.unmodifiableSortedSet(
            new TreeSet<>(Checks.notNull("providers", providers)));
    items =
        java.util.Collections.unmodifiableSortedSet(new TreeSet<>(Checks.notNull("items", items)));
    Checks.notNull("at", at);
  }

  /** The notice of {@code what} about {@code consent}'s {@code items}, at {@code at}. */
  static CitizenNotice of(AuditEventType what, Consent consent, Set<DataItem> items, Instant at) {
    SortedSet<AgencyId> providers = new TreeSet<>();
    for (DataItem item : items) {
      providers.add(item.provider());
    }
    return new CitizenNotice(
        consent.subject().brokerSubject(),
        what,
        consent.id(),
        consent.consumer(),
        providers,
        new TreeSet<>(items),
        at);
  }

  /** Shows what happened and the agencies; never the citizen's subject. */
  @Override
  public String toString() {
    return "CitizenNotice[" + what + ", " + consumer.value() + " <- " + providers + "]";
  }
}
