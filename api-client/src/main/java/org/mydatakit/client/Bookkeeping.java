package org.mydatakit.client;

import java.util.Set;
import org.mydatakit.broker.FetchOutcome;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.grant.Grant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the client asks and tells its grant source around a fetch. */
final class Bookkeeping {
  private static final Logger LOG = LoggerFactory.getLogger(Bookkeeping.class);

  private Bookkeeping() {}

  /** The one provider that holds {@code item} in the consent. */
  static AgencyId provider(Set<DataItem> items, ConsentId consentId, ItemCode item) {
    AgencyId holder = null;
    for (DataItem i : items) {
      if (i.code().equals(item)) {
        if (holder != null) {
          throw new IllegalArgumentException(
              "item " + item + ": held by several providers in consent " + consentId);
        }
        holder = i.provider();
      }
    }
    if (holder == null) {
      throw new IllegalArgumentException("item " + item + ": not covered by consent " + consentId);
    }
    return holder;
  }

  /** Tells the source how a fetch ended; a failure there is logged (without data) and ignored. */
  static void record(
      GrantSource grants,
      Grant grant,
      AgencyId provider,
      ItemCode item,
      String tranId,
      FetchOutcome outcome) {
    try {
      grants.recorded(grant.grantId(), provider, Set.of(item), tranId, outcome);
    } catch (RuntimeException e) {
      LOG.warn(
          "recording fetch {} {} tran {} failed with {}",
          provider,
          item,
          tranId,
          e.getClass().getName());
    }
  }
}
