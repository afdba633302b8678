package org.mydatakit.client;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.broker.ConsentNotFoundException;
import org.mydatakit.broker.FetchOutcome;
import org.mydatakit.client.internal.ConsentTerms;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.DataRange;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.grant.Grant;
import org.mydatakit.grant.InvalidGrantException;

/**
 * {@link GrantSource} over an in-process {@link ConsentBroker}: what {@link GrantSource#of} makes.
 */
final class BrokerGrantSource implements GrantSource {
  private final ConsentBroker broker;

  BrokerGrantSource(ConsentBroker broker) {
    this.broker = Objects.requireNonNull(broker, "broker");
  }

  @Override
  public Grant grant(ConsentId consentId, AgencyId provider, String dpopJkt) {
    return broker.issueGrant(consentId, provider, dpopJkt);
  }

  @Override
  public Set<DataItem> items(ConsentId consentId) {
    return consent(consentId).items();
  }

  @Override
  public Optional<DataRange> dataRange(ConsentId consentId) {
    return consent(consentId).dataRange();
  }

  /** The consent's terms: its items and range from one read (see {@code Bookkeeping#coverage}). */
  ConsentTerms consent(ConsentId consentId) {
    return ConsentTerms.of(
        broker.find(consentId).orElseThrow(() -> new ConsentNotFoundException("fetch", consentId)));
  }

  @Override
  public void recorded(
      String grantId,
      AgencyId provider,
      Set<ItemCode> items,
      String transactionId,
      FetchOutcome outcome) {
    broker.recordFetch(grantId, provider, items, transactionId, outcome);
  }

  @Override
  public void delivered(
      String grantId, AgencyId provider, ItemCode item, String transactionId, String receipt) {
    if (!broker.requiresDeliveryReceipts()) {
      broker.recordFetch(grantId, provider, Set.of(item), transactionId, FetchOutcome.DELIVERED);
      return;
    }
    try {
      broker.recordDelivery(provider, receipt);
    } catch (InvalidGrantException e) {
      throw new IllegalArgumentException(
          "record delivery: the provider's receipt was refused (" + e.reason() + ")", e);
    }
  }

  @Override
  public String toString() {
    return "GrantSource[in-process broker]";
  }
}
