package org.mydatakit.broker;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.mydatakit.audit.AuditEvent;
import org.mydatakit.audit.AuditEventType;
import org.mydatakit.broker.ConsentStore.Written;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.ConsentStateException;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.grant.DeliveryReceipt;
import org.mydatakit.grant.Grant;
import org.mydatakit.grant.GrantIssuer;
import org.mydatakit.internal.Checks;
import org.mydatakit.status.StatusReference;

/** The broker's grant counter: issues grants within budgets and records the fetches made. */
final class GrantDesk {
  private final ConsentStore store;
  private final GrantIssuer grants;
  private final URI statusListUri;
  private final Clock clock;
  private final AgencyCheck agencies;
  private final ConsentEvents events;

  GrantDesk(
      ConsentStore store,
      GrantIssuer grants,
      URI statusListUri,
      Clock clock,
      AgencyCheck agencies,
      ConsentEvents events) {
    this.events = events;
    this.store = store;
    this.grants = grants;
    this.statusListUri = statusListUri;
    this.clock = clock;
    this.agencies = agencies;
  }

  /** A signed grant and what its recording wrote. */
  record Issued(Grant grant, Written<GrantOutcome> written) {}

  /**
   * Issues a grant in one store transaction: the consent is locked, checked, its budget unit taken,
   * the grant signed and recorded, and the event appended; a refusal writes nothing.
   */
  Issued issueGrant(ConsentId id, AgencyId provider, String consumerJkt) {
    Checks.notNull("consent id", id);
    Checks.notNull("provider", provider);
    Instant now = clock.instant();
    Grant[] signed = new Grant[1];
    BudgetPeriod[] seen = new BudgetPeriod[1];
    Written<GrantOutcome> written =
        store.recordGrant(
            id,
            new ConsentStore.GrantStep() {
              @Override
              public void notActive(Consent consent) {
                throw new ConsentStateException(
                    "issue a grant for",
                    Optional.of(id),
                    consent.status(),
                    consent.status(),
                    "expected state ACTIVE, got " + consent.status());
              }

              @Override
              public ConsentStore.Budget budget(Consent consent) {
                agencies.grant(consent, provider); // a suspended consumer or provider: nothing
                if (!consent.isWithinValidity(now)) {
                  throw new ConsentStateException(
                      "issue a grant for",
                      Optional.of(id),
                      consent.status(),
                      consent.status(),
                      "outside its validity period");
                }
                if (consent.itemsAt(provider).isEmpty()) {
                  throw new IllegalArgumentException(
                      "provider: expected a provider of the consent, got "
                          + provider
                          + " with no items");
                }
                if (BudgetPeriod.outsideWindow(consent, now)) {
                  throw new FetchLimitException(
                      id,
                      FetchLimitException.Limit.OUTSIDE_TIME_WINDOW,
                      BudgetPeriod.nextWindowOpening(consent, now).orElse(null));
                }
                BudgetPeriod period = BudgetPeriod.at(consent, now);
                seen[0] = period;
                return new ConsentStore.Budget(provider, period.key(), period.budget());
              }

              @Override
              public ConsentStore.IssuedGrant issue(Consent consent, ConsentStore.Budget budget) {
                StatusReference status =
                    consent.statusIndex().isPresent()
                        ? StatusReference.of(statusListUri, consent.statusIndex().getAsLong())
                        : null;
                Grant grant = grants.issue(consent, provider, consumerJkt, status);
                signed[0] = grant;
                GrantRecord record =
                    new GrantRecord(
                        grant.grantId(),
                        id,
                        provider,
                        consent.itemsAt(provider),
                        grant.issuedAt(),
                        grant.expiresAt(),
                        budget.period());
                AuditEvent event =
                    event(
                        now,
                        AuditEventType.GRANT_ISSUED,
                        consent,
                        "consumer:" + consent.consumer(),
                        Map.of(
                            "provider",
                            provider.value(),
                            "grantId",
                            grant.grantId(),
                            "period",
                            budget.period()));
                return new ConsentStore.IssuedGrant(record, event);
              }
            });
    return switch (written.value()) {
      case RECORDED -> new Issued(signed[0], written);
      case BUDGET_EXHAUSTED -> throw exhausted(id, seen[0]);
      case UNKNOWN_CONSENT -> throw new ConsentNotFoundException("issue a grant for", id);
      case NOT_ACTIVE ->
          throw new IllegalStateException("issue a grant: the store refused a non-ACTIVE consent");
    };
  }

  /** Records a fetch in one store transaction: the grant and its consent are read there. */
  Written<FetchRecord> recordFetch(
      String grantId,
      AgencyId provider,
      Set<ItemCode> items,
      String transactionId,
      FetchOutcome outcome,
      DeliveryReceipt receipt) {
    Checks.grantId(grantId);
    Checks.notNull("provider", provider);
    Instant now = clock.instant();
    return store
        .recordFetch(
            grantId,
            provider,
            (grant, consent) -> {
              if (receipt != null
                  && (!receipt.consentId().equals(grant.consentId())
                      || !receipt.consumer().equals(consent.consumer()))) {
                throw new IllegalArgumentException(
                    "record delivery: expected a receipt for the grant's consent and consumer");
              }
              FetchRecord fetch =
                  new FetchRecord(
                      grantId, grant.consentId(), provider, items, transactionId, outcome, now);
              String itemList =
                  fetch.items().stream().map(ItemCode::value).collect(Collectors.joining("+"));
              Map<String, String> details = new LinkedHashMap<>();
              details.put("provider", provider.value());
              details.put("grantId", grantId);
              details.put("transactionId", transactionId);
              details.put("outcome", outcome.name());
              details.put("items", itemList);
              if (receipt != null) {
                details.put("confirmedBy", "provider-receipt");
                details.put("records", Integer.toString(receipt.recordCount()));
                details.put("bodySha256", receipt.bodySha256());
              }
              AuditEvent event =
                  event(
                      now,
                      AuditEventType.DATA_FETCHED,
                      consent,
                      "consumer:" + consent.consumer(),
                      details);
              if (receipt == null) {
                return new ConsentStore.RecordedFetch(fetch, event);
              }
              Set<DataItem> delivered = new java.util.TreeSet<>();
              for (ItemCode item : fetch.items()) {
                delivered.add(DataItem.of(provider, item));
              }
              return new ConsentStore.RecordedFetch(
                  fetch, event, List.of(events.deliveryConfirmed(consent, delivered, now)));
            })
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "record fetch: expected a grant issued for provider " + provider));
  }

  FetchBudget remainingBudget(ConsentId id, AgencyId provider) {
    Consent consent = load("read the budget of", id);
    BudgetPeriod period = BudgetPeriod.at(consent, clock.instant());
    return new FetchBudget(
        period.budget(), store.grantsRecorded(id, provider, period.key()), period.end());
  }

  private static FetchLimitException exhausted(ConsentId id, BudgetPeriod period) {
    return new FetchLimitException(
        id,
        period.end().isPresent()
            ? FetchLimitException.Limit.BUDGET_EXHAUSTED
            : FetchLimitException.Limit.ONE_TIME_USED,
        period.end().orElse(null));
  }

  private Consent load(String operation, ConsentId id) {
    return store
        .find(Checks.notNull("consent id", id))
        .orElseThrow(() -> new ConsentNotFoundException(operation, id));
  }

  private static AuditEvent event(
      Instant at, AuditEventType type, Consent consent, String actor, Map<String, String> details) {
    return AuditEvent.of(at, type, consent.id(), actor, details);
  }
}
