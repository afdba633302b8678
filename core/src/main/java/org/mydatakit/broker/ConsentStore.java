package org.mydatakit.broker;

import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import org.mydatakit.audit.AuditEntry;
import org.mydatakit.audit.AuditEvent;
import org.mydatakit.audit.LoggedEntry;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.ConsentStateException;
import org.mydatakit.consent.ConsentStatus;
import org.mydatakit.consent.SubjectId;
import org.mydatakit.log.NodeId;

/**
 * Where a broker keeps consents, grants, fetches, receipts and the audit chain. One SPI, one
 * in-memory implementation ({@link InMemoryConsentStore}), durable ones in {@code
 * mydatakit-consent-store}; every implementation passes the same contract test suite ({@code
 * mydatakit-store-tck}).
 *
 * <p>The SPI is shaped around the broker's operations: each writing method ({@link #insert}, {@link
 * #change}, {@link #recordGrant}, {@link #recordFetch}, {@link #recordErasure}) is <em>one</em>
 * transaction that reads what it needs under lock, asks the broker's step what to write, writes it
 * all, and returns what the broker needs next (the stored value and the audit entries it appended),
 * so the broker never reads back what it has just written. Guarantees every implementation must
 * give, each proven by the contract suite:
 *
 * <ul>
 *   <li>every writing method is one atomic step: it changes everything it says or nothing (also
 *       when its step throws, or the database fails half-way), and appends its audit events and
 *       writes its outbox events ({@link #events()}) in the same step, so the audit chain, the
 *       events the agencies receive and the data never disagree;
 *   <li>{@link #insert} is idempotent per (consumer, idempotency key): a retry returns the stored
 *       consent and writes nothing;
 *   <li>{@link #change} holds the consent (and any consent its step {@linkplain Locked#lock locks})
 *       locked from the read its step sees until commit: a lost update is impossible;
 *   <li>{@link #recordGrant} checks that the consent is ACTIVE and consumes budget in the same step
 *       as recording the grant, so no grant is recorded after a revoke commits, and N concurrent
 *       calls against a budget of k succeed exactly k times;
 *   <li>the audit log is append-only and one chain: each entry's previous hash is the hash of the
 *       entry before it, even under concurrent appends; the log's head is locked last and only
 *       until commit;
 *   <li>each appended entry gets a fresh random 32-byte salt and its leaf in the log's RFC 9162
 *       Merkle tree ({@link LoggedEntry#leafHash()} at index sequence − 1), and the store keeps the
 *       hash of every complete subtree the leaf completes — all in the operation's transaction, so
 *       the tree always holds exactly the committed entries;
 *   <li>{@link Locked#nextStatusIndex} never returns the same index twice, not even after a
 *       rollback;
 *   <li>an acknowledged write is never lost; a database failure is a {@link ConsentStoreException}
 *       ({@link ConsentStoreUnavailableException} when the database cannot be reached), never a
 *       wrong answer.
 * </ul>
 *
 * <p>"Not found" and "not changed" are return values, not exceptions; an exception thrown by a step
 * passes through unchanged after the rollback. Implementations are thread-safe.
 *
 * <pre>{@code
 * ConsentStore store = new InMemoryConsentStore();
 * ConsentBroker broker = ConsentBroker.builder().store(store)...build();
 * }</pre>
 */
public interface ConsentStore {

  /**
   * Inserts a REQUESTED consent and appends {@code event}, unless the consumer already used {@code
   * idempotencyKey}: then returns the consent stored under that key and writes nothing.
   *
   * <p>An amendment (a consent whose {@link Consent#supersedes()} is present) is inserted only if,
   * in the same transaction, the consent it amends exists, is ACTIVE and has the same broker
   * subject; otherwise a {@link ConsentStateException} (or {@link ConsentNotFoundException}) is
   * thrown and nothing is written.
   *
   * @return the stored consent ({@code consent} itself, or the earlier one for a repeated key) and
   *     the audit entry appended (none for a repeated key)
   */
  Written<Consent> insert(Consent consent, String idempotencyKey, AuditEvent event);

  /**
   * One decision about a consent, in one transaction: locks the consent {@code id}, hands it to
   * {@code step}, and writes the changes the step returns — consents (compare-and-set on the
   * version), their receipts, then their audit events, in order. Writes nothing if the step returns
   * no change or throws.
   *
   * @param operation what is being done, for the not-found error (such as {@code "approve"})
   * @return the new consents, in the order of the changes, and the audit entries appended
   * @throws ConsentNotFoundException if there is no consent {@code id}
   */
  Written<List<Consent>> change(String operation, ConsentId id, ChangeStep step);

  /**
   * Issues a grant in one transaction: locks the consent; if it is not ACTIVE, tells {@code step}
   * ({@link GrantStep#notActive}); if it is, asks {@code step} for the budget period, consumes one
   * unit of it, asks {@code step} to sign the grant, records it and appends its event. Nothing is
   * written unless the outcome is {@link GrantOutcome#RECORDED} (or if the step throws).
   */
  Written<GrantOutcome> recordGrant(ConsentId id, GrantStep step);

  /**
   * Records a fetch made with a recorded grant for {@code provider}, in one transaction: finds the
   * grant and its consent, asks {@code step} for the record and its event, and writes both.
   *
   * @return the record and the audit entry, or empty if no grant {@code grantId} was recorded for
   *     {@code provider} (nothing written)
   */
  Optional<Written<FetchRecord>> recordFetch(String grantId, AgencyId provider, FetchStep step);

  /**
   * The check every store makes, inside {@link #insert}'s transaction, before it inserts an
   * amendment: the amended consent ({@code amended}, locked; empty if unknown) must exist, be
   * ACTIVE and belong to the same citizen.
   *
   * @throws ConsentNotFoundException if the amended consent is unknown
   * @throws ConsentStateException if it is not ACTIVE or not the same citizen's
   */
  static void checkAmendable(Optional<Consent> amended, Consent amendment) {
    ConsentId oldId = amendment.supersedes().orElseThrow();
    Consent old = amended.orElseThrow(() -> new ConsentNotFoundException("amend", oldId));
    if (old.status() != ConsentStatus.ACTIVE) {
      throw new ConsentStateException(
          "amend",
          Optional.of(oldId),
          old.status(),
          ConsentStatus.SUPERSEDED,
          "expected state ACTIVE, got " + old.status());
    }
    if (!old.subject().brokerSubject().equals(amendment.subject().brokerSubject())) {
      throw new ConsentStateException(
          "amend",
          Optional.of(oldId),
          old.status(),
          old.status(),
          "the citizen is not the consent's subject");
    }
  }

  /**
   * Keeps a consumer's erasure attestation and appends {@code event} about it, in one transaction,
   * unless an attestation with the same {@code jti} is kept already: then writes nothing.
   *
   * @return whether it was kept now (false for a repeat), and the audit entry appended
   * @throws ConsentNotFoundException if there is no consent {@code record.consentId()}
   * @throws IllegalArgumentException if the consent's consumer is not {@code record.consumer()}
   */
  Written<Boolean> recordErasure(ErasureRecord record, AuditEvent event);

  /** The erasure attestations kept for a consent, oldest first. */
  List<ErasureRecord> erasures(ConsentId consentId);

  /**
   * Up to {@code limit} consents whose consumer owes an erasure attestation due at or before {@code
   * dueBefore}, earliest due first: the consumer received a revocation or the end of the retention
   * period ({@link org.mydatakit.events.ConsentEventType#CONSENT_REVOKED}, {@link
   * org.mydatakit.events.ConsentEventType#RETENTION_ENDED} in the outbox, due at the event's {@code
   * notBefore}), a delivery was recorded under the consent, and no attestation is kept for it.
   */
  List<OverdueErasure> overdueErasures(Instant dueBefore, int limit);

  /** How many consents {@link #overdueErasures} would list, for metrics. */
  long countOverdueErasures(Instant dueBefore);

  /** The outbox of consent events, written by {@link #change} and {@link #recordFetch}. */
  EventOutbox events();

  /**
   * The check every store makes inside {@link #recordErasure}'s transaction: the attestation is the
   * consent's consumer's, and {@code event} is its ERASURE_ATTESTED event.
   *
   * @throws IllegalArgumentException if not
   */
  static void checkErasure(Consent consent, ErasureRecord record, AuditEvent event) {
    ErasureStep.check(consent, record, event);
  }

  /** The consent with this id, if any. */
  Optional<Consent> find(ConsentId id);

  /** The grant recorded with this id, if any. */
  Optional<GrantRecord> findGrant(String grantId);

  /** How many grants were recorded for this consent, provider and period. */
  int grantsRecorded(ConsentId consentId, AgencyId provider, String period);

  /** The consents whose broker subject is {@code brokerSubject}, oldest first. */
  List<Consent> findBySubject(SubjectId brokerSubject);

  /**
   * Up to {@code limit} consents in id order (which is creation order: ids are time-ordered),
   * starting after {@code after} (null: from the first). For tools that page through everything.
   */
  List<Consent> list(ConsentId after, int limit);

  /** The consents of one consumer, oldest first. */
  List<Consent> findByConsumer(AgencyId consumer);

  /**
   * How many consents the store holds in each status, every status present (0 where none), for
   * operators' metrics. The default pages through {@link #list}; a store that can count in one
   * query should.
   */
  default Map<ConsentStatus, Long> countByStatus() {
    Map<ConsentStatus, Long> counts = new EnumMap<>(ConsentStatus.class);
    for (ConsentStatus status : ConsentStatus.values()) {
      counts.put(status, 0L);
    }
    ConsentId after = null;
    List<Consent> page;
    do {
      page = list(after, 1_000);
      for (Consent consent : page) {
        counts.merge(consent.status(), 1L, Long::sum);
      }
      after = page.isEmpty() ? after : page.get(page.size() - 1).id();
    } while (page.size() == 1_000);
    return counts;
  }

  /**
   * Up to {@code limit} consents due to expire: ACTIVE ones whose {@code validUntil} is at or
   * before {@code now}, and REQUESTED ones created at or before {@code requestedBefore}.
   */
  List<Consent> findDue(Instant now, Instant requestedBefore, int limit);

  /** The grants recorded for a consent, in order. */
  List<GrantRecord> grants(ConsentId consentId);

  /** The fetches recorded for a consent, in order. */
  List<FetchRecord> fetches(ConsentId consentId);

  /** The receipts kept for a consent, oldest first. */
  List<ReceiptRecord> receipts(ConsentId consentId);

  /** Up to {@code limit} audit entries with a sequence greater than {@code afterSequence}. */
  default List<AuditEntry> audit(long afterSequence, int limit) {
    return logged(afterSequence, limit).stream().map(LoggedEntry::entry).toList();
  }

  /**
   * Up to {@code limit} audit entries with a sequence greater than {@code afterSequence}, each with
   * the salt of its leaf in the log's Merkle tree.
   */
  List<LoggedEntry> logged(long afterSequence, int limit);

  /** The audit entries about {@code consent}, with their salts, oldest first. */
  List<LoggedEntry> loggedAbout(ConsentId consent);

  /** The whole audit log, oldest first, read lazily in pages of 1,000 entries. */
  default Iterable<AuditEntry> auditLog() {
    return () -> new AuditPages<>(this, 1000, LoggedEntry::entry);
  }

  /** The whole audit log with its salts, oldest first, read lazily in pages of 1,000 entries. */
  default Iterable<LoggedEntry> loggedEntries() {
    return () -> new AuditPages<>(this, 1000, e -> e);
  }

  /**
   * The hashes the store keeps of the log's Merkle tree nodes {@code ids} (every complete subtree,
   * leaves included, written in the same transaction as the entry that completed it); a node the
   * tree does not have yet is absent from the result. One read, whatever the number of ids.
   */
  Map<NodeId, byte[]> treeNodes(Collection<NodeId> ids);

  /**
   * Keeps a signed checkpoint of the log's tree (a C2SP signed note over a tlog checkpoint) for a
   * tree of {@code size} entries, replacing the one kept for that size: the same checkpoint with
   * more cosignatures.
   *
   * @throws IllegalArgumentException if {@code size} is not between 1 and the log's size
   */
  void saveLogCheckpoint(long size, String note);

  /** The signed tree checkpoints kept, by the tree size they were kept under, smallest first. */
  SortedMap<Long, String> logCheckpoints();

  /**
   * The signed checkpoint of the largest tree kept, if any. Stores should answer with one read (the
   * default reads them all).
   */
  default Optional<String> latestLogCheckpoint() {
    SortedMap<Long, String> all = logCheckpoints();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.lastKey()));
  }

  /** The signed checkpoint kept for a tree of {@code size} entries, if any. */
  default Optional<String> logCheckpoint(long size) {
    return Optional.ofNullable(logCheckpoints().get(size));
  }

  /** The last audit entry, if any. */
  Optional<AuditEntry> auditHead();

  /**
   * Keeps a signed audit checkpoint of the earlier kind: a JWS over the hash of the chain entry at
   * {@code sequence}. Brokers now keep {@linkplain #saveLogCheckpoint tree checkpoints}; these stay
   * readable so that logs kept before still verify.
   */
  void saveCheckpoint(long sequence, String token);

  /** The chain checkpoint tokens (JWS) kept, oldest first. */
  List<String> checkpoints();

  /** Calls {@code visitor} once for each consent that holds a status-list index. */
  void forEachStatus(StatusVisitor visitor);

  /** Receives (index, status) pairs from {@link #forEachStatus}. */
  @FunctionalInterface
  interface StatusVisitor {
    /** One consent's slot and status. */
    void visit(long statusIndex, ConsentStatus status);
  }

  /** What one writing operation stored, and the audit entries it appended, oldest first. */
  record Written<T>(T value, List<AuditEntry> appended) {
    /** Copies the entries. */
    public Written {
      appended = List.copyOf(appended);
    }

    /** The audit log's head after the operation, if it appended anything. */
    public Optional<AuditEntry> head() {
      return appended.isEmpty() ? Optional.empty() : Optional.of(appended.get(appended.size() - 1));
    }
  }

  /** The broker's decision inside {@link #change}'s transaction. */
  @FunctionalInterface
  interface ChangeStep {
    /**
     * The changes to write, given the locked consent; none to write nothing. May throw (a state
     * error, say): the transaction then rolls back and the exception passes through.
     */
    List<ConsentChange> changes(Locked locked);
  }

  /** What a {@link ChangeStep} may see and take inside the transaction. */
  interface Locked {
    /** The consent the operation is about, as stored now; locked until commit. */
    Consent consent();

    /** Another consent (the one an approval supersedes), locked too; empty if there is none. */
    Optional<Consent> lock(ConsentId other);

    /** The id of the last receipt kept for {@code consent}, if any. */
    Optional<String> lastReceiptId(ConsentId consent);

    /** A status-list index never handed out before, and never again (even on rollback). */
    long nextStatusIndex();
  }

  /** The broker's part of {@link #recordGrant}, called inside its transaction. */
  interface GrantStep {
    /**
     * Called instead of the other two when the locked consent is not ACTIVE; may throw an error
     * that names its state. If it returns, the outcome is {@link GrantOutcome#NOT_ACTIVE}.
     */
    default void notActive(Consent consent) {}

    /**
     * The budget this grant counts against, for the locked ACTIVE consent. May throw (outside the
     * validity or the daily window, say): nothing is written.
     */
    Budget budget(Consent consent);

    /** Signs the grant, once its budget unit is taken: the record to keep and its audit event. */
    IssuedGrant issue(Consent consent, Budget budget);
  }

  /** One budget: {@code budget} grants per consent, provider and {@code period}. */
  record Budget(AgencyId provider, String period, int budget) {}

  /** A signed grant's record and audit event, as a {@link GrantStep} returns them. */
  record IssuedGrant(GrantRecord record, AuditEvent event) {}

  /** The broker's part of {@link #recordFetch}, called inside its transaction. */
  @FunctionalInterface
  interface FetchStep {
    /** The fetch record and its audit event, given the recorded grant and its consent. */
    RecordedFetch fetch(GrantRecord grant, Consent consent);
  }

  /**
   * A fetch record, its audit event and the outbox events to write with it (a delivery confirmed),
   * as a {@link FetchStep} returns them.
   */
  record RecordedFetch(FetchRecord record, AuditEvent event, List<OutboxEvent> events) {
    /** Copies the events, which must be about the fetch's consent. */
    public RecordedFetch {
      events = List.copyOf(events);
      for (OutboxEvent e : events) {
        if (!e.consentId().equals(record.consentId())) {
          throw new IllegalArgumentException(
              "recorded fetch: expected outbox events about the fetch's consent");
        }
      }
    }

    /** A fetch without outbox events. */
    public RecordedFetch(FetchRecord record, AuditEvent event) {
      this(record, event, List.of());
    }
  }
}
