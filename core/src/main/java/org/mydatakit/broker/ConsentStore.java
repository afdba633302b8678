package org.mydatakit.broker;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.mydatakit.audit.AuditEntry;
import org.mydatakit.audit.AuditEvent;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.ConsentStatus;
import org.mydatakit.consent.SubjectId;

/**
 * Where a broker keeps consents, grants, fetches, receipts and the audit chain. One SPI, one
 * in-memory implementation ({@link InMemoryConsentStore}), durable ones in {@code
 * mydatakit-consent-store}; every implementation passes the same contract test suite.
 *
 * <p>Guarantees every implementation must give, each proven by the contract suite:
 *
 * <ul>
 *   <li>every mutating method is one atomic step: it changes everything it says or nothing, and
 *       appends its audit event in the same step, so the audit chain and the data never disagree;
 *   <li>{@link #insert} is idempotent per (consumer, idempotency key): a retry returns the stored
 *       consent and writes nothing;
 *   <li>{@link #update} is compare-and-set on the version: a lost update is impossible;
 *   <li>{@link #recordGrant} checks that the consent is ACTIVE and consumes budget in the same step
 *       as recording the grant, so no grant is recorded after a revoke commits, and N concurrent
 *       calls against a budget of k succeed exactly k times;
 *   <li>the audit log is append-only and one chain: each entry's previous hash is the hash of the
 *       entry before it, even under concurrent appends;
 *   <li>{@link #nextStatusIndex} never returns the same index twice;
 *   <li>an acknowledged write is never lost; a database failure is a {@link ConsentStoreException}
 *       ({@link ConsentStoreUnavailableException} when the database cannot be reached), never a
 *       wrong answer.
 * </ul>
 *
 * <p>"Not found" and "not changed" are return values, not exceptions. Implementations are
 * thread-safe.
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
   * @return the stored consent: {@code consent} itself, or the earlier one for a repeated key
   */
  Consent insert(Consent consent, String idempotencyKey, AuditEvent event);

  /** The consent with this id, if any. */
  Optional<Consent> find(ConsentId id);

  /**
   * Applies every change or none: each {@code current} must still be stored at its version. Appends
   * each change's event, in order, and keeps each receipt.
   *
   * @return false if any consent changed meanwhile (nothing written), true if all were applied
   */
  boolean update(List<ConsentChange> changes);

  /**
   * Records an issued grant if, at this moment, its consent is ACTIVE and fewer than {@code budget}
   * grants were recorded for the same consent, provider and period; appends {@code event} in the
   * same step.
   */
  GrantOutcome recordGrant(GrantRecord grant, int budget, AuditEvent event);

  /** The grant recorded with this id, if any. */
  Optional<GrantRecord> findGrant(String grantId);

  /** How many grants were recorded for this consent, provider and period. */
  int grantsRecorded(ConsentId consentId, AgencyId provider, String period);

  /**
   * Records a fetch made with a recorded grant and appends {@code event}.
   *
   * @return false if no grant with that id was recorded for the same consent and provider
   */
  boolean recordFetch(FetchRecord fetch, AuditEvent event);

  /** A status-list index never handed out before. */
  long nextStatusIndex();

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
  List<AuditEntry> audit(long afterSequence, int limit);

  /** The whole audit log, oldest first, read lazily in pages of 1,000 entries. */
  default Iterable<AuditEntry> auditLog() {
    return () -> new AuditPages(this, 1000);
  }

  /** The last audit entry, if any. */
  Optional<AuditEntry> auditHead();

  /** Keeps a signed audit checkpoint: a JWS over the hash of the entry at {@code sequence}. */
  void saveCheckpoint(long sequence, String token);

  /** The checkpoint tokens kept, oldest first. */
  List<String> checkpoints();

  /** Calls {@code visitor} once for each consent that holds a status-list index. */
  void forEachStatus(StatusVisitor visitor);

  /** Receives (index, status) pairs from {@link #forEachStatus}. */
  @FunctionalInterface
  interface StatusVisitor {
    /** One consent's slot and status. */
    void visit(long statusIndex, ConsentStatus status);
  }
}
