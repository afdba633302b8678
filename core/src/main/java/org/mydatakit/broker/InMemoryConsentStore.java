package org.mydatakit.broker;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mydatakit.audit.AuditEntry;
import org.mydatakit.audit.AuditEvent;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.ConsentStatus;
import org.mydatakit.consent.SubjectId;
import org.mydatakit.internal.Checks;

/**
 * A {@link ConsentStore} in memory: for tests, demos and single-process brokers that may lose
 * everything on restart. Thread-safe: one lock makes every operation atomic, which is what the
 * contract asks for and plenty fast for its purposes.
 *
 * <pre>{@code
 * ConsentStore store = new InMemoryConsentStore();
 * }</pre>
 */
public final class InMemoryConsentStore implements ConsentStore {
  private final Map<ConsentId, Consent> consents = new LinkedHashMap<>();
  private final Map<String, ConsentId> idempotencyKeys = new HashMap<>();
  private final Map<String, GrantRecord> grantsById = new HashMap<>();
  private final Map<ConsentId, List<GrantRecord>> grants = new HashMap<>();
  private final Map<String, Integer> budgetUsed = new HashMap<>();
  private final Map<ConsentId, List<FetchRecord>> fetches = new HashMap<>();
  private final Map<ConsentId, List<ReceiptRecord>> receipts = new HashMap<>();
  private final List<AuditEntry> audit = new ArrayList<>();
  private final List<String> checkpoints = new ArrayList<>();
  private long nextIndex;

  @Override
  public synchronized Consent insert(Consent consent, String idempotencyKey, AuditEvent event) {
    Checks.notNull("consent", consent);
    Checks.notNull("audit event", event);
    String key =
        consent.consumer().value() + '\u0000' + Checks.notNull("idempotency key", idempotencyKey);
    ConsentId existing = idempotencyKeys.get(key);
    if (existing != null) {
      return consents.get(existing);
    }
    if (consent.status() != ConsentStatus.REQUESTED) {
      throw new IllegalArgumentException(
          "insert: expected a REQUESTED consent, got " + consent.status());
    }
    if (consents.containsKey(consent.id())) {
      throw new IllegalArgumentException("insert: consent " + consent.id() + " already exists");
    }
    consents.put(consent.id(), consent);
    idempotencyKeys.put(key, consent.id());
    append(event);
    return consent;
  }

  @Override
  public synchronized Optional<Consent> find(ConsentId id) {
    return Optional.ofNullable(consents.get(id));
  }

  @Override
  public synchronized boolean update(List<ConsentChange> changes) {
    for (ConsentChange change : changes) {
      Consent stored = consents.get(change.current().id());
      if (stored == null || stored.version() != change.current().version()) {
        return false;
      }
    }
    for (ConsentChange change : changes) {
      consents.put(change.next().id(), change.next());
      change
          .receipt()
          .ifPresent(r -> receipts.computeIfAbsent(r.consentId(), k -> new ArrayList<>()).add(r));
      append(change.event());
    }
    return true;
  }

  @Override
  public synchronized GrantOutcome recordGrant(GrantRecord grant, int budget, AuditEvent event) {
    Consent consent = consents.get(grant.consentId());
    if (consent == null) {
      return GrantOutcome.UNKNOWN_CONSENT;
    }
    if (consent.status() != ConsentStatus.ACTIVE) {
      return GrantOutcome.NOT_ACTIVE;
    }
    String key = budgetKey(grant.consentId(), grant.provider(), grant.period());
    int used = budgetUsed.getOrDefault(key, 0);
    if (used >= budget) {
      return GrantOutcome.BUDGET_EXHAUSTED;
    }
    if (grantsById.containsKey(grant.grantId())) {
      throw new IllegalArgumentException("record grant: grant id already recorded");
    }
    budgetUsed.put(key, used + 1);
    grantsById.put(grant.grantId(), grant);
    grants.computeIfAbsent(grant.consentId(), k -> new ArrayList<>()).add(grant);
    append(event);
    return GrantOutcome.RECORDED;
  }

  @Override
  public synchronized Optional<GrantRecord> findGrant(String grantId) {
    return Optional.ofNullable(grantsById.get(grantId));
  }

  @Override
  public synchronized int grantsRecorded(ConsentId consentId, AgencyId provider, String period) {
    return budgetUsed.getOrDefault(budgetKey(consentId, provider, period), 0);
  }

  @Override
  public synchronized boolean recordFetch(FetchRecord fetch, AuditEvent event) {
    GrantRecord grant = grantsById.get(fetch.grantId());
    if (grant == null
        || !grant.consentId().equals(fetch.consentId())
        || !grant.provider().equals(fetch.provider())) {
      return false;
    }
    fetches.computeIfAbsent(fetch.consentId(), k -> new ArrayList<>()).add(fetch);
    append(event);
    return true;
  }

  @Override
  public synchronized long nextStatusIndex() {
    return nextIndex++;
  }

  @Override
  public synchronized List<Consent> findBySubject(SubjectId brokerSubject) {
    return consents.values().stream()
        .filter(c -> c.subject().brokerSubject().equals(brokerSubject))
        .toList();
  }

  @Override
  public synchronized List<Consent> list(ConsentId after, int limit) {
    return consents.values().stream()
        .filter(c -> after == null || c.id().compareTo(after) > 0)
        .sorted(java.util.Comparator.comparing(Consent::id))
        .limit(Math.max(0, limit))
        .toList();
  }

  @Override
  public synchronized List<Consent> findByConsumer(AgencyId consumer) {
    return consents.values().stream().filter(c -> c.consumer().equals(consumer)).toList();
  }

  @Override
  public synchronized List<Consent> findDue(Instant now, Instant requestedBefore, int limit) {
    return consents.values().stream()
        .filter(
            c ->
                (c.status() == ConsentStatus.ACTIVE && !c.validUntil().isAfter(now))
                    || (c.status() == ConsentStatus.REQUESTED
                        && !c.createdAt().isAfter(requestedBefore)))
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized List<GrantRecord> grants(ConsentId consentId) {
    return List.copyOf(grants.getOrDefault(consentId, List.of()));
  }

  @Override
  public synchronized List<FetchRecord> fetches(ConsentId consentId) {
    return List.copyOf(fetches.getOrDefault(consentId, List.of()));
  }

  @Override
  public synchronized List<ReceiptRecord> receipts(ConsentId consentId) {
    return List.copyOf(receipts.getOrDefault(consentId, List.of()));
  }

  @Override
  public synchronized List<AuditEntry> audit(long afterSequence, int limit) {
    int from = (int) Math.min(Math.max(afterSequence, 0), audit.size());
    return List.copyOf(audit.subList(from, Math.min(audit.size(), from + Math.max(limit, 0))));
  }

  @Override
  public synchronized Optional<AuditEntry> auditHead() {
    return audit.isEmpty() ? Optional.empty() : Optional.of(audit.get(audit.size() - 1));
  }

  @Override
  public synchronized void saveCheckpoint(long sequence, String token) {
    if (sequence < 1 || sequence > audit.size()) {
      throw new IllegalArgumentException("checkpoint: expected the sequence of a kept entry");
    }
    checkpoints.add(Checks.notNull("checkpoint", token));
  }

  @Override
  public synchronized List<String> checkpoints() {
    return List.copyOf(checkpoints);
  }

  @Override
  public synchronized void forEachStatus(StatusVisitor visitor) {
    for (Consent c : consents.values()) {
      if (c.statusIndex().isPresent()) {
        visitor.visit(c.statusIndex().getAsLong(), c.status());
      }
    }
  }

  private void append(AuditEvent event) {
    audit.add(audit.isEmpty() ? AuditEntry.first(event) : audit.get(audit.size() - 1).next(event));
  }

  private static String budgetKey(ConsentId id, AgencyId provider, String period) {
    return id + "|" + provider.value() + "|" + period;
  }

  @Override
  public String toString() {
    return "InMemoryConsentStore";
  }
}
