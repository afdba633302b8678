package org.mydatakit.client;

import java.util.Optional;
import java.util.Set;
import org.mydatakit.broker.FetchOutcome;
import org.mydatakit.client.internal.ConsentItems;
import org.mydatakit.client.internal.ConsentTerms;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.DataRange;
import org.mydatakit.consent.ItemCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the client asks and tells its grant source around a fetch. */
final class Bookkeeping {
  private static final Logger LOG = LoggerFactory.getLogger(Bookkeeping.class);

  private Bookkeeping() {}

  /**
   * How one fetch ended, as the grant source is told. {@code receipt} is the provider's signed
   * delivery receipt (a compact JWS, only with {@link FetchOutcome#DELIVERED}); {@link #toString()}
   * never shows it.
   */
  record Fetch(
      String grantId,
      AgencyId provider,
      ItemCode item,
      String transactionId,
      FetchOutcome outcome,
      Optional<String> receipt) {
    @Override
    public String toString() {
      return "Fetch[" + provider + " " + item + " tran " + transactionId + " " + outcome + "]";
    }
  }

  /**
   * What the consent covers, in one read for the grant sources of this package (which read the
   * consent's terms at once), else by {@link GrantSource#items} and {@link GrantSource#dataRange}.
   */
  static ConsentItems.Coverage coverage(GrantSource grants, ConsentId consentId) {
    ConsentTerms consent = null;
    if (grants instanceof BrokerGrantSource broker) {
      consent = broker.consent(consentId);
    } else if (grants instanceof RemoteGrantSource remote) {
      consent = remote.consent(consentId);
    }
    if (consent != null) {
      return new ConsentItems.Coverage(consent.items(), consent.dataRange());
    }
    return new ConsentItems.Coverage(grants.items(consentId), grants.dataRange(consentId));
  }

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

  /**
   * The dates to ask for: {@code asked} if given, else the consent's range (empty if it has none:
   * the provider then applies the consent's).
   *
   * @throws IllegalArgumentException if {@code asked} reaches outside the consent's range
   */
  static Optional<DataRange> range(Optional<DataRange> consent, DataRange asked) {
    if (asked == null) {
      return consent;
    }
    if (consent.isPresent()
        && (!consent.get().contains(asked.from()) || !consent.get().contains(asked.to()))) {
      throw new IllegalArgumentException(
          "range: expected dates within the consent's data range "
              + consent.get().from()
              + " to "
              + consent.get().to()
              + ", got "
              + asked.from()
              + " to "
              + asked.to());
    }
    return Optional.of(asked);
  }

  /**
   * Tells the source how a fetch ended; a failure there is logged (without data) and ignored. A
   * delivery that came with the provider's receipt is recorded with it ({@link
   * GrantSource#delivered}), so that the broker records what the provider confirmed.
   */
  static void record(GrantSource grants, Fetch fetch) {
    try {
      if (fetch.outcome() == FetchOutcome.DELIVERED && fetch.receipt().isPresent()) {
        grants.delivered(
            fetch.grantId(),
            fetch.provider(),
            fetch.item(),
            fetch.transactionId(),
            fetch.receipt().get());
        return;
      }
      grants.recorded(
          fetch.grantId(),
          fetch.provider(),
          Set.of(fetch.item()),
          fetch.transactionId(),
          fetch.outcome());
    } catch (RuntimeException e) {
      LOG.warn(
          "recording fetch {} {} tran {} failed with {}",
          fetch.provider(),
          fetch.item(),
          fetch.transactionId(),
          e.getClass().getName());
    }
  }
}
