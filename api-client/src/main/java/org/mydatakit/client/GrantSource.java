package org.mydatakit.client;

import java.util.Set;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.broker.FetchOutcome;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.grant.Grant;

/**
 * Where the client gets grants and learns what a consent covers: the broker, in process ({@link
 * #of(ConsentBroker)}) or remote. A seam: implement it to reach your broker another way.
 *
 * <pre>{@code
 * GrantSource grants = GrantSource.of(broker);
 * }</pre>
 *
 * <p>Implementations must be thread-safe. The client caches each grant while it is valid, so {@link
 * #grant} is called about once per consent, provider and grant lifetime, and keeps each consent's
 * items, so {@link #items} is called about once per consent; exceptions either throws (consent
 * unknown or not active, budget used up) reach the caller unchanged and are not kept.
 */
public interface GrantSource {

  /**
   * A new grant for {@code consentId} at {@code provider}, bound to the DPoP key {@code dpopJkt}.
   */
  Grant grant(ConsentId consentId, AgencyId provider, String dpopJkt);

  /**
   * The items the consent covers: which provider holds each item. They must never change for a
   * consent id (an amendment is a new consent, with a new id): the client asks once per consent and
   * keeps the answer (for up to 4,096 recently used consents).
   */
  Set<DataItem> items(ConsentId consentId);

  /**
   * Records a fetch made with grant {@code grantId} (the citizen's access history). Called once per
   * fetch, after it ended; the client logs and ignores a failure here. Does nothing by default.
   */
  default void recorded(
      String grantId,
      AgencyId provider,
      Set<ItemCode> items,
      String transactionId,
      FetchOutcome outcome) {}

  /** A source over a broker in this process; it records every fetch at the broker. */
  static GrantSource of(ConsentBroker broker) {
    return new BrokerGrantSource(broker);
  }
}
