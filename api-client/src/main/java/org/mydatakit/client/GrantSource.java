package org.mydatakit.client;

import java.util.Optional;
import java.util.Set;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.broker.FetchOutcome;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.DataRange;
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
 * <p>Implementations must be thread-safe. The client never reuses a grant: {@link #grant} is called
 * once per {@link MyDataClient#fetch fetch}, and once per provider per {@link MyDataClient#fetchAll
 * fetchAll} (that grant then delivers each of the provider's items once). The client keeps each
 * consent's items and data range, so {@link #items} and {@link #dataRange} are called about once
 * per consent. Exceptions these throw (consent unknown or not active, budget used up) reach the
 * caller unchanged and are not kept.
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
   * The dates the consent limits fetching to (its {@code dataRange}, the grant's {@code rng}), if
   * it does. Like the items, it must never change for a consent id; the client asks once per
   * consent and keeps the answer. With a range the client sends it as {@code from} and {@code to}
   * by default, and refuses, before asking for a grant, a narrower range that reaches outside it.
   *
   * <p>By default empty: the client then sends no range unless the caller gives one (the provider
   * applies the consent's whole range) and leaves the check of a given one to the provider. The
   * sources made here ({@link #of}, {@link RemoteGrantSource}) answer from the consent they read
   * for {@link #items}.
   */
  default Optional<DataRange> dataRange(ConsentId consentId) {
    return Optional.empty();
  }

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

  /**
   * Records a delivery the provider confirmed with its signed {@code receipt} (the {@code
   * MyData-Receipt} header of its answer): the broker verifies it with the provider's keys and
   * records what the provider confirmed. Called instead of {@link #recorded} when a delivery came
   * with a receipt. By default it falls back to {@link #recorded} without the receipt.
   */
  default void delivered(
      String grantId, AgencyId provider, ItemCode item, String transactionId, String receipt) {
    recorded(grantId, provider, Set.of(item), transactionId, FetchOutcome.DELIVERED);
  }

  /** A source over a broker in this process; it records every fetch at the broker. */
  static GrantSource of(ConsentBroker broker) {
    return new BrokerGrantSource(broker);
  }
}
