package org.mydatakit.broker;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.mydatakit.audit.AuditEvent;
import org.mydatakit.audit.AuditEventType;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.ConsentStateException;
import org.mydatakit.consent.ConsentStatus;
import org.mydatakit.consent.ItemCode;
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

  GrantDesk(ConsentStore store, GrantIssuer grants, URI statusListUri, Clock clock) {
    this.store = store;
    this.grants = grants;
    this.statusListUri = statusListUri;
    this.clock = clock;
  }

  Grant issueGrant(ConsentId id, AgencyId provider, String consumerJkt) {
    Checks.notNull("provider", provider);
    Consent consent = load("issue a grant for", id);
    Instant now = clock.instant();
    BudgetPeriod period = BudgetPeriod.at(consent, now);
    if (consent.status() == ConsentStatus.ACTIVE && consent.isWithinValidity(now)) {
      if (BudgetPeriod.outsideWindow(consent, now)) {
        throw new FetchLimitException(
            id,
            FetchLimitException.Limit.OUTSIDE_TIME_WINDOW,
            BudgetPeriod.nextWindowOpening(consent, now).orElse(null));
      }
      if (store.grantsRecorded(id, provider, period.key()) >= period.budget()) {
        throw exhausted(id, period); // preflight: spare a signature when the answer is known
      }
    }
    // GrantIssuer refuses a consent that is not ACTIVE, not valid now, or has no items there.
    StatusReference status =
        consent.statusIndex().isPresent()
            ? StatusReference.of(statusListUri, consent.statusIndex().getAsLong())
            : null;
    Grant grant = grants.issue(consent, provider, consumerJkt, status);
    GrantRecord record =
        new GrantRecord(
            grant.grantId(),
            id,
            provider,
            consent.itemsAt(provider),
            grant.issuedAt(),
            grant.expiresAt(),
            period.key());
    AuditEvent event =
        event(
            now,
            AuditEventType.GRANT_ISSUED,
            consent,
            "consumer:" + consent.consumer(),
            Map.of(
                "provider", provider.value(), "grantId", grant.grantId(), "period", period.key()));
    // The store records the grant only if the consent is ACTIVE at that moment: a grant whose
    // record is refused was never issued, and is dropped here.
    switch (store.recordGrant(record, period.budget(), event)) {
      case RECORDED:
        return grant;
      case BUDGET_EXHAUSTED:
        throw exhausted(id, period);
      case UNKNOWN_CONSENT:
        throw new ConsentNotFoundException("issue a grant for", id);
      default:
        ConsentStatus status2 = load("issue a grant for", id).status();
        throw new ConsentStateException(
            "issue a grant for",
            Optional.of(id),
            status2,
            status2,
            "expected state ACTIVE, got " + status2);
    }
  }

  FetchRecord recordFetch(
      String grantId,
      AgencyId provider,
      Set<ItemCode> items,
      String transactionId,
      FetchOutcome outcome) {
    Checks.grantId(grantId);
    Checks.notNull("provider", provider);
    GrantRecord grant =
        store
            .findGrant(grantId)
            .filter(g -> g.provider().equals(provider))
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "record fetch: expected a grant issued for provider " + provider));
    ConsentId consentId = grant.consentId();
    Consent consent = load("record a fetch for", consentId);
    Instant now = clock.instant();
    FetchRecord fetch =
        new FetchRecord(grantId, consentId, provider, items, transactionId, outcome, now);
    String itemList = fetch.items().stream().map(ItemCode::value).collect(Collectors.joining("+"));
    AuditEvent event =
        event(
            now,
            AuditEventType.DATA_FETCHED,
            consent,
            "consumer:" + consent.consumer(),
            Map.of(
                "provider",
                provider.value(),
                "grantId",
                grantId,
                "transactionId",
                transactionId,
                "outcome",
                outcome.name(),
                "items",
                itemList));
    if (!store.recordFetch(fetch, event)) {
      throw new IllegalArgumentException(
          "record fetch: expected a grant issued for provider " + provider);
    }
    return fetch;
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
