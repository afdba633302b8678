package org.mydatakit.broker;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.internal.Checks;

/**
 * One fetch a consumer made with a grant, as reported to the broker: which provider, which items,
 * the transaction id (거래고유번호) and the outcome. Never the fetched data.
 */
public record FetchRecord(
    String grantId,
    ConsentId consentId,
    AgencyId provider,
    Set<ItemCode> items,
    String transactionId,
    FetchOutcome outcome,
    Instant at)
    implements AccessRecord {

  /** Validates; the items are copied into sorted order. */
  public FetchRecord {
    Checks.grantId(grantId);
    Checks.notNull("consent id", consentId);
    Checks.notNull("provider", provider);
    if (items == null || items.isEmpty()) {
      throw new IllegalArgumentException("fetched items: expected at least one item");
    }
    items = java.util.Collections.unmodifiableSet(new TreeSet<>(items));
    Checks.token("transaction id", transactionId, 64);
    Checks.notNull("outcome", outcome);
    Checks.notNull("fetch time", at);
  }
}
