package org.mydatakit.broker;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.mydatakit.audit.AuditEntry;
import org.mydatakit.audit.AuditEvent;
import org.mydatakit.audit.LoggedEntry;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.ConsentStatus;
import org.mydatakit.consent.SubjectId;
import org.mydatakit.internal.Checks;
import org.mydatakit.log.CompactRange;
import org.mydatakit.log.LogLeaf;
import org.mydatakit.log.NodeId;
import org.mydatakit.log.TreeNode;

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
  private final List<byte[]> salts = new ArrayList<>();
  private final Map<NodeId, byte[]> tree = new HashMap<>();
  private final CompactRange edge = CompactRange.empty();
  private final List<String> checkpoints = new ArrayList<>();
  private final TreeMap<Long, String> logCheckpoints = new TreeMap<>();
  private final Map<ConsentId, List<ErasureRecord>> erasures = new HashMap<>();
  private final Map<String, ErasureRecord> erasuresByJti = new HashMap<>();
  private final InMemoryEventOutbox outbox = new InMemoryEventOutbox(this);
  private final SecureRandom random = new SecureRandom();
  private long nextIndex;

  @Override
  public synchronized Written<Consent> insert(
      Consent consent, String idempotencyKey, AuditEvent event) {
    Checks.notNull("consent", consent);
    Checks.notNull("audit event", event);
    String key =
        consent.consumer().value() + '\u0000' + Checks.notNull("idempotency key", idempotencyKey);
    ConsentId existing = idempotencyKeys.get(key);
    if (existing != null) {
      return new Written<>(consents.get(existing), List.of());
    }
    if (consent.status() != ConsentStatus.REQUESTED) {
      throw new IllegalArgumentException(
          "insert: expected a REQUESTED consent, got " + consent.status());
    }
    if (consents.containsKey(consent.id())) {
      throw new IllegalArgumentException("insert: consent " + consent.id() + " already exists");
    }
    if (consent.supersedes().isPresent()) {
      ConsentStore.checkAmendable(
          Optional.ofNullable(consents.get(consent.supersedes().get())), consent);
    }
    consents.put(consent.id(), consent);
    idempotencyKeys.put(key, consent.id());
    return new Written<>(consent, List.of(append(event)));
  }

  @Override
  public synchronized Optional<Consent> find(ConsentId id) {
    return Optional.ofNullable(consents.get(id));
  }

  @Override
  public synchronized Written<List<Consent>> change(
      String operation, ConsentId id, ChangeStep step) {
    Checks.notNull("consent id", id);
    Consent consent = consents.get(id);
    if (consent == null) {
      throw new ConsentNotFoundException(operation, id);
    }
    List<ConsentChange> changes =
        step.changes(
            new Locked() {
              @Override
              public Consent consent() {
                return consent;
              }

              @Override
              public Optional<Consent> lock(ConsentId other) {
                return Optional.ofNullable(consents.get(other));
              }

              @Override
              public Optional<String> lastReceiptId(ConsentId of) {
                List<ReceiptRecord> kept = receipts.getOrDefault(of, List.of());
                return kept.isEmpty()
                    ? Optional.empty()
                    : Optional.of(kept.get(kept.size() - 1).receiptId());
              }

              @Override
              public long nextStatusIndex() {
                return nextIndex++;
              }
            });
    for (ConsentChange change : changes) {
      Consent stored = consents.get(change.current().id());
      if (stored == null || stored.version() != change.current().version()) {
        throw new IllegalStateException(
            operation + ": a change must start from the consent as the step saw it");
      }
    }
    outbox.checkNew(changes.stream().flatMap(c -> c.events().stream()).toList());
    List<Consent> next = new ArrayList<>();
    List<AuditEntry> appended = new ArrayList<>();
    for (ConsentChange change : changes) {
      consents.put(change.next().id(), change.next());
      next.add(change.next());
      change
          .receipt()
          .ifPresent(r -> receipts.computeIfAbsent(r.consentId(), k -> new ArrayList<>()).add(r));
    }
    for (ConsentChange change : changes) {
      outbox.write(change.events());
    }
    for (ConsentChange change : changes) {
      appended.add(append(change.event()));
    }
    return new Written<>(next, appended);
  }

  @Override
  public synchronized Written<GrantOutcome> recordGrant(ConsentId id, GrantStep step) {
    Checks.notNull("consent id", id);
    Consent consent = consents.get(id);
    if (consent == null) {
      return new Written<>(GrantOutcome.UNKNOWN_CONSENT, List.of());
    }
    if (consent.status() != ConsentStatus.ACTIVE) {
      step.notActive(consent);
      return new Written<>(GrantOutcome.NOT_ACTIVE, List.of());
    }
    Budget budget = step.budget(consent);
    String key = budgetKey(id, budget.provider(), budget.period());
    int used = budgetUsed.getOrDefault(key, 0);
    if (used >= budget.budget()) {
      return new Written<>(GrantOutcome.BUDGET_EXHAUSTED, List.of());
    }
    IssuedGrant issued = step.issue(consent, budget);
    GrantRecord grant = issued.record();
    if (!grant.consentId().equals(id)
        || !grant.provider().equals(budget.provider())
        || !grant.period().equals(budget.period())) {
      throw new IllegalStateException("record grant: the grant does not match its budget");
    }
    if (grantsById.containsKey(grant.grantId())) {
      throw new IllegalArgumentException("record grant: grant id already recorded");
    }
    budgetUsed.put(key, used + 1);
    grantsById.put(grant.grantId(), grant);
    grants.computeIfAbsent(id, k -> new ArrayList<>()).add(grant);
    return new Written<>(GrantOutcome.RECORDED, List.of(append(issued.event())));
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
  public synchronized Optional<Written<FetchRecord>> recordFetch(
      String grantId, AgencyId provider, FetchStep step) {
    GrantRecord grant = grantsById.get(Checks.notNull("grant id", grantId));
    if (grant == null || !grant.provider().equals(Checks.notNull("provider", provider))) {
      return Optional.empty();
    }
    RecordedFetch recorded = step.fetch(grant, consents.get(grant.consentId()));
    FetchRecord fetch = recorded.record();
    if (!fetch.grantId().equals(grantId)
        || !fetch.consentId().equals(grant.consentId())
        || !fetch.provider().equals(provider)) {
      throw new IllegalStateException("record fetch: the record does not match its grant");
    }
    outbox.checkNew(recorded.events());
    fetches.computeIfAbsent(fetch.consentId(), k -> new ArrayList<>()).add(fetch);
    outbox.write(recorded.events());
    return Optional.of(new Written<>(fetch, List.of(append(recorded.event()))));
  }

  @Override
  public synchronized Written<Boolean> recordErasure(ErasureRecord record, AuditEvent event) {
    Checks.notNull("erasure record", record);
    Checks.notNull("audit event", event);
    Consent consent = consents.get(record.consentId());
    if (consent == null) {
      throw new ConsentNotFoundException("record erasure", record.consentId());
    }
    ErasureStep.check(consent, record, event);
    if (erasuresByJti.containsKey(record.jti())) {
      return new Written<>(false, List.of());
    }
    erasuresByJti.put(record.jti(), record);
    erasures.computeIfAbsent(record.consentId(), k -> new ArrayList<>()).add(record);
    return new Written<>(true, List.of(append(event)));
  }

  @Override
  public synchronized List<ErasureRecord> erasures(ConsentId consentId) {
    return List.copyOf(erasures.getOrDefault(consentId, List.of()));
  }

  @Override
  public synchronized List<OverdueErasure> overdueErasures(Instant dueBefore, int limit) {
    Checks.notNull("due before", dueBefore);
    Map<ConsentId, OverdueErasure> due = new LinkedHashMap<>();
    for (OutboxEvent e : outbox.all()) {
      Consent consent = consents.get(e.consentId());
      if (consent == null
          || !ErasureStep.owesErasure(e, consent)
          || e.notBefore().isAfter(dueBefore)
          || erasures.containsKey(e.consentId())
          || fetches.getOrDefault(e.consentId(), List.of()).stream()
              .noneMatch(f -> f.outcome() == FetchOutcome.DELIVERED)) {
        continue;
      }
      due.merge(
          e.consentId(),
          new OverdueErasure(e.consentId(), consent.consumer(), e.notBefore()),
          (a, b) -> a.dueAt().isAfter(b.dueAt()) ? b : a);
    }
    return due.values().stream()
        .sorted(
            java.util.Comparator.comparing(OverdueErasure::dueAt)
                .thenComparing(o -> o.consentId().toString()))
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized long countOverdueErasures(Instant dueBefore) {
    return overdueErasures(dueBefore, Integer.MAX_VALUE).size();
  }

  @Override
  public EventOutbox events() {
    return outbox;
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
  public synchronized List<LoggedEntry> logged(long afterSequence, int limit) {
    int from = (int) Math.min(Math.max(afterSequence, 0), audit.size());
    int to = Math.min(audit.size(), from + Math.max(limit, 0));
    List<LoggedEntry> page = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      page.add(new LoggedEntry(audit.get(i), salts.get(i)));
    }
    return page;
  }

  @Override
  public synchronized List<LoggedEntry> loggedAbout(ConsentId consent) {
    Checks.notNull("consent id", consent);
    List<LoggedEntry> about = new ArrayList<>();
    for (int i = 0; i < audit.size(); i++) {
      if (audit.get(i).event().consentId().equals(consent)) {
        about.add(new LoggedEntry(audit.get(i), salts.get(i)));
      }
    }
    return about;
  }

  @Override
  public synchronized Map<NodeId, byte[]> treeNodes(Collection<NodeId> ids) {
    Map<NodeId, byte[]> found = new HashMap<>();
    for (NodeId id : Checks.notNull("node ids", ids)) {
      byte[] hash = tree.get(id);
      if (hash != null) {
        found.put(id, hash.clone());
      }
    }
    return found;
  }

  @Override
  public synchronized void saveLogCheckpoint(long size, String note) {
    if (size < 1 || size > audit.size()) {
      throw new IllegalArgumentException(
          "log checkpoint: expected a tree size of 1 to " + audit.size() + ", got " + size);
    }
    logCheckpoints.put(size, Checks.notNull("log checkpoint", note));
  }

  @Override
  public synchronized Optional<String> latestLogCheckpoint() {
    return logCheckpoints.isEmpty()
        ? Optional.empty()
        : Optional.of(logCheckpoints.lastEntry().getValue());
  }

  @Override
  public synchronized Optional<String> logCheckpoint(long size) {
    return Optional.ofNullable(logCheckpoints.get(size));
  }

  @Override
  public synchronized SortedMap<Long, String> logCheckpoints() {
    return Collections.unmodifiableSortedMap(new TreeMap<>(logCheckpoints));
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

  private AuditEntry append(AuditEvent event) {
    AuditEntry entry =
        audit.isEmpty() ? AuditEntry.first(event) : audit.get(audit.size() - 1).next(event);
    byte[] salt = new byte[LogLeaf.SALT_LENGTH];
    random.nextBytes(salt);
    audit.add(entry);
    salts.add(salt);
    for (TreeNode node : edge.append(new LoggedEntry(entry, salt).leafHash())) {
      tree.put(node.id(), node.hash());
    }
    return entry;
  }

  private static String budgetKey(ConsentId id, AgencyId provider, String period) {
    return id + "|" + provider.value() + "|" + period;
  }

  @Override
  public String toString() {
    return "InMemoryConsentStore";
  }
}
