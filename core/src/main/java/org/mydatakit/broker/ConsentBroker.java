package org.mydatakit.broker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.mydatakit.audit.AuditEntry;
import org.mydatakit.audit.AuditEvent;
import org.mydatakit.audit.AuditEventType;
import org.mydatakit.audit.AuditVerification;
import org.mydatakit.audit.ConsentReceipt;
import org.mydatakit.audit.ReceiptIssuer;
import org.mydatakit.broker.ConsentStore.Written;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.AuthenticationEvidence;
import org.mydatakit.consent.CitizenIdentifier;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.ConsentStateException;
import org.mydatakit.consent.ConsentStatus;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.consent.PairwiseSubjects;
import org.mydatakit.consent.RevokedBy;
import org.mydatakit.consent.SubjectId;
import org.mydatakit.consent.internal.ConsentLifecycle;
import org.mydatakit.events.SecurityEventTokens;
import org.mydatakit.grant.DeliveryReceipt;
import org.mydatakit.grant.Grant;
import org.mydatakit.grant.GrantIssuer;
import org.mydatakit.grant.InvalidGrantException;
import org.mydatakit.internal.Checks;
import org.mydatakit.keys.VerificationKeySet;
import org.mydatakit.log.NoteVerifierKey;
import org.mydatakit.status.StatusListIssuer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker: records consents, lets citizens decide, issues grants, and remembers every step in a
 * hash-chained audit log. Each operation is validated, audited in the same store transaction as its
 * effect, and takes its time from the injected clock.
 *
 * <pre>{@code
 * ConsentBroker broker = ConsentBroker.builder()
 *     .store(new InMemoryConsentStore())
 *     .signingKeys(SigningKeySet.generate(SigningAlgorithm.ES256))
 *     .issuer("https://broker.example")
 *     .pairwiseSubjects(PairwiseSubjects.of(masterSecret))
 *     .statusListUri(URI.create("https://broker.example/status/1"))
 *     .build();
 * Consent requested = broker.request(request, citizen, "order-7731");
 * Consent active = broker.approve(requested.id(), citizen, evidence);
 * Grant grant = broker.issueGrant(active.id(), AgencyId.of("NHIS"), consumerKey.thumbprint());
 * }</pre>
 *
 * <p>Thread-safe; several brokers may share one store (the store's atomic operations make them
 * behave as one). The citizen's identifier is used only to derive pseudonyms and is never kept.
 */
public final class ConsentBroker {
  private static final Logger LOG = LoggerFactory.getLogger(ConsentBroker.class);
  private final ConsentStore store;
  private final GrantDesk desk;
  private final AgencyCheck agencies;
  private final StatusPublisher statusLists;
  private final ReceiptIssuer receipts;
  private final AuditKeeper audit;
  private final PairwiseSubjects subjects;
  private final Clock clock;
  private final Duration approvalWindow;
  private final DeliveryReceipt.Verifier deliveryReceipts;
  private final ConsentEvents events;
  private final CitizenNotifier notifier;

  ConsentBroker(ConsentBrokerBuilder b) {
    this.store = b.store;
    this.agencies = new AgencyCheck(b.agencies);
    this.events = new ConsentEvents(SecurityEventTokens.signer(b.keys, b.issuer, b.clock));
    this.notifier = b.notifier;
    this.desk =
        new GrantDesk(
            store,
            GrantIssuer.builder(b.keys, b.issuer).lifetime(b.grantLifetime).clock(b.clock).build(),
            b.statusListUri,
            b.clock,
            agencies,
            events);
    this.audit = new AuditKeeper(b);
    this.receipts = ReceiptIssuer.builder(b.keys, b.issuer).clock(b.clock).build();
    this.statusLists =
        new StatusPublisher(
            store,
            StatusListIssuer.builder(b.keys, b.issuer).ttl(b.statusListTtl).clock(b.clock).build(),
            b.statusListUri,
            b.clock,
            b.statusListTtl);
    this.subjects = b.subjects;
    this.clock = b.clock;
    this.approvalWindow = b.approvalWindow;
    this.deliveryReceipts =
        b.providerKeys.isEmpty() ? null : DeliveryReceipt.verifier(Map.copyOf(b.providerKeys));
  }

  /** Starts configuring a broker. */
  public static ConsentBrokerBuilder builder() {
    return new ConsentBrokerBuilder();
  }

  /**
   * Records a consumer's request for the citizen's consent; REQUESTED. A retry with the same {@code
   * idempotencyKey} from the same consumer returns the consent stored the first time.
   *
   * @throws AgencyRefusedException if the broker has an {@linkplain ConsentBrokerBuilder#agencies
   *     agency registry} and it does not admit the request (nothing is written)
   */
  public Consent request(ConsentRequest request, CitizenIdentifier citizen, String idempotencyKey) {
    Checks.notNull("request", request);
    Checks.token("idempotency key", idempotencyKey, 128);
    Instant now = clock.instant();
    Consent consent = newConsent(request, citizen, now, Optional.empty());
    agencies.request(consent);
    Written<Consent> stored =
        store.insert(
            consent,
            idempotencyKey,
            event(
                now,
                AuditEventType.REQUESTED,
                consent,
                "consumer:" + consent.consumer(),
                Map.of()));
    audit.afterWrite(stored);
    return stored.value();
  }

  /**
   * Records a request that amends {@code consentId}: a new REQUESTED consent whose {@code
   * supersedes} is the old one. When the citizen approves it, the old one ends SUPERSEDED in the
   * same step.
   */
  public Consent amend(
      ConsentId consentId,
      ConsentRequest request,
      CitizenIdentifier citizen,
      String idempotencyKey) {
    Checks.notNull("consent id", consentId);
    Checks.notNull("request", request);
    Checks.token("idempotency key", idempotencyKey, 128);
    Instant now = clock.instant();
    // The store checks, in the insert's transaction, that the amended consent is ACTIVE and the
    // same citizen's.
    Consent consent = newConsent(request, citizen, now, Optional.of(consentId));
    agencies.request(consent);
    Written<Consent> stored =
        store.insert(
            consent,
            idempotencyKey,
            event(
                now,
                AuditEventType.REQUESTED,
                consent,
                "consumer:" + consent.consumer(),
                Map.of("supersedes", consentId.toString())));
    audit.afterWrite(stored);
    return stored.value();
  }

  /**
   * The citizen approves: ACTIVE, with a status-list slot. {@code citizen} must be the citizen the
   * consent was requested for; it is used to check that and is not kept.
   */
  public Consent approve(ConsentId id, CitizenIdentifier citizen, AuthenticationEvidence evidence) {
    Checks.notNull("evidence", evidence);
    SubjectId subject = brokerSubject(citizen);
    Written<List<Consent>> written =
        store.change(
            "approve",
            id,
            locked -> {
              Consent current = locked.consent();
              requireSubject(current, subject, "approve");
              Instant now = clock.instant();
              ConsentLifecycle.approve(
                  current, now, evidence, 0); // the state check, before a slot is taken
              Consent approved =
                  ConsentLifecycle.approve(current, now, evidence, locked.nextStatusIndex());
              Optional<ConsentId> amends = current.supersedes();
              // A REQUESTED consent has no receipt yet: an amendment's first receipt links to the
              // last one of the consent it replaces.
              Optional<String> link = Optional.empty();
              Optional<Consent> old = Optional.empty();
              if (amends.isPresent()) {
                old = locked.lock(amends.get());
                ConsentStatus oldStatus = old.map(Consent::status).orElse(null);
                if (oldStatus != ConsentStatus.ACTIVE) {
                  throw new ConsentStateException(
                      "approve",
                      Optional.of(id),
                      current.status(),
                      ConsentStatus.ACTIVE,
                      "the consent it amends is " + oldStatus + ", expected ACTIVE");
                }
                link = locked.lastReceiptId(amends.get());
              }
              List<ConsentChange> changes = new ArrayList<>();
              changes.add(
                  change(
                      current,
                      approved,
                      link,
                      event(
                          now,
                          AuditEventType.APPROVED,
                          current,
                          "citizen",
                          Map.of(
                              "statusIndex", Long.toString(approved.statusIndex().getAsLong())))));
              if (old.isPresent()) {
                Consent replaced = old.get();
                changes.add(
                    change(
                        replaced,
                        ConsentLifecycle.supersede(replaced, now),
                        link,
                        event(
                            now,
                            AuditEventType.SUPERSEDED,
                            replaced,
                            "citizen",
                            Map.of("by", id.toString()))));
              }
              return changes;
            });
    statusLists.changed();
    audit.afterWrite(written);
    tell(written);
    return written.value().get(0);
  }

  /** The citizen rejects the request: REJECTED. */
  public Consent reject(ConsentId id, String reason) {
    return transition(
        "reject",
        id,
        AuditEventType.REJECTED,
        "citizen",
        Map.of(),
        c -> ConsentLifecycle.reject(c, clock.instant(), reason));
  }

  /** Pauses an ACTIVE consent: providers see SUSPENDED until it is resumed. */
  public Consent pause(ConsentId id) {
    return transition(
        "pause",
        id,
        AuditEventType.PAUSED,
        "citizen",
        Map.of(),
        c -> ConsentLifecycle.pause(c, clock.instant()));
  }

  /** Resumes a PAUSED consent. */
  public Consent resume(ConsentId id) {
    return transition(
        "resume",
        id,
        AuditEventType.RESUMED,
        "citizen",
        Map.of(),
        c -> ConsentLifecycle.resume(c, clock.instant()));
  }

  /**
   * Revokes an ACTIVE or PAUSED consent. Once this returns, no grant for it will be issued; grants
   * already issued stop verifying within the status list's ttl and expire within minutes anyway.
   */
  public Consent revoke(ConsentId id, RevokedBy by, String reason) {
    Checks.notNull("revoked by", by);
    return transition(
        "revoke",
        id,
        AuditEventType.REVOKED,
        by.name().toLowerCase(java.util.Locale.ROOT),
        Map.of("by", by.name()),
        c -> ConsentLifecycle.revoke(c, clock.instant(), by, reason));
  }

  /**
   * Issues a grant for {@code provider}, bound to the consumer's DPoP key thumbprint. Consumes one
   * unit of the period's fetch budget (one-time consents: one grant per provider) atomically with
   * recording the grant, and only if the consent is still ACTIVE at that moment: once {@link
   * #revoke} has returned, no grant for the consent is issued.
   *
   * @throws ConsentNotFoundException if there is no such consent
   * @throws AgencyRefusedException if the agency registry no longer admits the consent's consumer
   *     or the provider (suspended, say): nothing is written
   * @throws ConsentStateException if the consent is not ACTIVE or not within its validity
   * @throws FetchLimitException if the budget is used up or the time is outside the window
   * @throws IllegalArgumentException if the consent has no items at {@code provider}
   */
  public Grant issueGrant(ConsentId id, AgencyId provider, String consumerJkt) {
    GrantDesk.Issued issued = desk.issueGrant(id, provider, consumerJkt);
    audit.afterWrite(issued.written());
    return issued.grant();
  }

  /**
   * Records a fetch the consumer made with a grant (the access history, 제공 이력).
   *
   * @throws IllegalArgumentException if no such grant was issued for that provider
   */
  public FetchRecord recordFetch(
      String grantId,
      AgencyId provider,
      Set<ItemCode> items,
      String transactionId,
      FetchOutcome outcome) {
    if (deliveryReceipts != null && outcome == FetchOutcome.DELIVERED) {
      throw new IllegalStateException(
          "record fetch: expected recordDelivery(...) with the provider's receipt for a delivery");
    }
    Written<FetchRecord> fetch =
        desk.recordFetch(grantId, provider, items, transactionId, outcome, null);
    audit.afterWrite(fetch);
    return fetch.value();
  }

  /**
   * Whether this broker was given provider keys ({@link ConsentBrokerBuilder#providerKeys}) and so
   * records deliveries only with the provider's receipt ({@link #recordDelivery}).
   */
  public boolean requiresDeliveryReceipts() {
    return deliveryReceipts != null;
  }

  /**
   * Records a delivery the provider confirmed: {@code receipt} is the {@link DeliveryReceipt} the
   * provider's gate returned with the records, which the consumer passes on. It must verify under
   * the keys given for {@code provider} ({@link ConsentBrokerBuilder#providerKeys}) and name a
   * grant this broker issued for that provider, its consent and its consumer. The access history
   * then shows what the provider confirmed: the item, the transaction id, and the receipt's record
   * count and body hash in the audit entry.
   *
   * @throws InvalidGrantException if the receipt does not verify (reason as {@link
   *     DeliveryReceipt.Verifier#verify})
   * @throws IllegalArgumentException if no such grant was issued for that provider, or the receipt
   *     names another consent or consumer than the grant's
   * @throws IllegalStateException if the broker was built without any provider keys
   */
  public FetchRecord recordDelivery(AgencyId provider, String receipt)
      throws InvalidGrantException {
    if (deliveryReceipts == null) {
      throw new IllegalStateException(
          "record delivery: expected providerKeys(...) on the broker's builder");
    }
    DeliveryReceipt confirmed = deliveryReceipts.verify(receipt, provider);
    for (FetchRecord earlier : store.fetches(confirmed.consentId())) {
      if (earlier.outcome() == FetchOutcome.DELIVERED
          && earlier.grantId().equals(confirmed.grantId())
          && earlier.provider().equals(provider)
          && earlier.items().contains(confirmed.item())) {
        return earlier; // a grant delivers an item once: a receipt again is that same delivery
      }
    }
    Written<FetchRecord> fetch =
        desk.recordFetch(
            confirmed.grantId(),
            provider,
            Set.of(confirmed.item()),
            confirmed.transactionId(),
            FetchOutcome.DELIVERED,
            confirmed);
    audit.afterWrite(fetch);
    store
        .find(confirmed.consentId())
        .ifPresent(
            consent ->
                tell(
                    CitizenNotice.of(
                        AuditEventType.DATA_FETCHED,
                        consent,
                        Set.of(DataItem.of(provider, confirmed.item())),
                        fetch.value().at())));
    return fetch.value();
  }

  /**
   * Records a consumer's erasure attestation, already verified under the consumer's registered key
   * (the broker server does that with {@code ErasureAttestations}): kept with its token, appended
   * to the log as {@link AuditEventType#ERASURE_ATTESTED} (the number of deliveries and when they
   * were erased; not their ids), and told to the citizen. A repeat with the same {@code jti} writes
   * nothing.
   *
   * @return whether it was recorded now (false for a repeat)
   * @throws ConsentNotFoundException if there is no such consent
   * @throws IllegalArgumentException if {@code consumer} is not the consent's consumer
   */
  public boolean recordErasure(
      String jti,
      ConsentId consentId,
      AgencyId consumer,
      List<String> deliveries,
      Instant erasedAt,
      String token) {
    Instant now = clock.instant();
    ErasureRecord record =
        new ErasureRecord(jti, consentId, consumer, deliveries, erasedAt, now, token);
    AuditEvent event =
        AuditEvent.of(
            now,
            AuditEventType.ERASURE_ATTESTED,
            consentId,
            "consumer:" + consumer.value(),
            Map.of(
                "attestation",
                jti,
                "deliveries",
                Integer.toString(record.deliveries().size()),
                "erasedAt",
                erasedAt.toString()));
    Written<Boolean> written = store.recordErasure(record, event);
    audit.afterWrite(written);
    if (written.value()) {
      store
          .find(consentId)
          .ifPresent(
              c -> tell(CitizenNotice.of(AuditEventType.ERASURE_ATTESTED, c, c.items(), now)));
    }
    return written.value();
  }

  /** The erasure attestations kept for a consent, oldest first. */
  public List<ErasureRecord> erasures(ConsentId id) {
    return store.erasures(Checks.notNull("consent id", id));
  }

  /**
   * Up to {@code limit} consents whose consumer has not attested erasure by {@code grace} after it
   * became due (revocation, or the end of the retention period), as of {@code now}.
   */
  public List<OverdueErasure> overdueErasures(Instant now, java.time.Duration grace, int limit) {
    return store.overdueErasures(now.minus(grace), limit);
  }

  /**
   * Expires every consent past {@code validUntil} and every request unapproved for longer than the
   * approval window. Idempotent, and safe to run from several nodes at once.
   *
   * @return how many consents this call expired
   */
  public int expireDue(Instant now) {
    Checks.notNull("now", now);
    Instant requestedBefore = now.minus(approvalWindow);
    int expired = 0;
    List<Consent> due;
    do {
      due = store.findDue(now, requestedBefore, 500);
      int before = expired;
      for (Consent c : due) {
        Written<List<Consent>> written =
            store.change(
                "expire",
                c.id(),
                locked -> {
                  Consent current = locked.consent();
                  if (!isDue(current, now, requestedBefore)) {
                    return List.of(); // another node expired it, or it changed meanwhile
                  }
                  return List.of(
                      change(
                          current,
                          ConsentLifecycle.expire(current, now),
                          locked.lastReceiptId(current.id()),
                          event(now, AuditEventType.EXPIRED, current, "system", Map.of())));
                });
        if (!written.value().isEmpty()) {
          expired++;
          statusLists.changed();
          audit.afterWrite(written);
          tell(written);
        }
      }
      if (expired == before) {
        break; // nothing this round was ours: other nodes are on it
      }
    } while (due.size() == 500);
    return expired;
  }

  private static boolean isDue(Consent c, Instant now, Instant requestedBefore) {
    return (c.status() == ConsentStatus.ACTIVE && !c.validUntil().isAfter(now))
        || (c.status() == ConsentStatus.REQUESTED && !c.createdAt().isAfter(requestedBefore));
  }

  /** The consent with this id, if any. */
  public Optional<Consent> find(ConsentId id) {
    return store.find(id);
  }

  /** A citizen's consents, oldest first. */
  public List<Consent> consentsOf(CitizenIdentifier citizen) {
    return store.findBySubject(brokerSubject(citizen));
  }

  /** A consumer's consents, oldest first. */
  public List<Consent> consentsOf(AgencyId consumer) {
    return store.findByConsumer(consumer);
  }

  /** A citizen's access history: every grant issued and every fetch made, oldest first. */
  public List<AccessRecord> accessHistory(CitizenIdentifier citizen) {
    List<AccessRecord> history = new ArrayList<>();
    for (Consent c : consentsOf(citizen)) {
      history.addAll(store.grants(c.id()));
      history.addAll(store.fetches(c.id()));
    }
    history.sort(Comparator.comparing(AccessRecord::at));
    return history;
  }

  /**
   * The signed receipts of a consent, oldest first: one for the approval and one for every later
   * transition, each linked to the one it supersedes. Verify one with {@code
   * ReceiptIssuer.verify(token, broker.receiptKeys(), issuer)}.
   */
  public List<ReceiptRecord> receipts(ConsentId id) {
    return store.receipts(id);
  }

  /**
   * The broker's status list, signed ({@code typ: statuslist+jwt}): serve it at the status list
   * URI. ACTIVE consents are VALID, PAUSED ones SUSPENDED, all others INVALID. Built from the store
   * and signed once, then handed out again until a status changes through this broker or half the
   * list's ttl has passed (a change made on another node is published within ttl/2).
   */
  public String statusList() {
    return statusLists.published().token();
  }

  /** The status list as {@link #statusList()} hands it out, with its ETag and refresh time. */
  public PublishedStatusList publishedStatusList() {
    return statusLists.published();
  }

  /**
   * The signed checkpoint of the whole audit log: a C2SP signed note over a tlog checkpoint (the
   * log's origin, its size, the base64 root of its Merkle tree), signed with the {@linkplain
   * ConsentBrokerBuilder#logKey log key} and carrying every witness cosignature collected. Signs a
   * new one if the log grew since the last; serve it at a stable URL ({@code /log/checkpoint}).
   * Checkpoints are also taken every {@link ConsentBrokerBuilder#checkpointEvery N} entries.
   *
   * <pre>{@code
   * String note = broker.checkpoint();
   * Checkpoint head = Checkpoint.parse(SignedNote.open(note, List.of(broker.logKey())).text());
   * }</pre>
   *
   * @throws IllegalStateException if the log is empty
   */
  public String checkpoint() {
    return audit.checkpoint();
  }

  /**
   * The keys receipts verify with: the signing keys' public halves, then the {@linkplain
   * ConsentBrokerBuilder#archivedSigningKeys archived} ones, so that a receipt signed before a key
   * was retired keeps verifying. Publish it apart from the grants' JWKS, which must drop retired
   * keys.
   */
  public VerificationKeySet receiptKeys() {
    return audit.receiptKeys();
  }

  /** The log key's public half, in verifier-key form: publish it to citizens and witnesses. */
  public NoteVerifierKey logKey() {
    return audit.logKey();
  }

  /**
   * The proof file (C2SP tlog-proof) of the audit entry at {@code sequence}: its index, inclusion
   * proof and the signed, cosigned checkpoint, with the entry and its salt as extra data. It
   * verifies offline with the log key alone ({@code mydatakit audit verify-proof}). It reveals the
   * entry and its salt: hand it only to the citizen the entry is about, or an authorised auditor.
   *
   * @return the proof file, or empty if there is no entry {@code sequence}
   */
  public Optional<String> logProof(long sequence) {
    return audit.proof(sequence);
  }

  /**
   * The proof files of every audit entry about one consent, oldest first, against one checkpoint:
   * what its citizen receives. Check that the caller is the consent's citizen first.
   */
  public List<String> logProofs(ConsentId consent) {
    return audit.proofs(Checks.notNull("consent id", consent));
  }

  /**
   * The consistency proof (RFC 9162 §2.1.4) from the log's tree of {@code oldSize} entries to that
   * of {@code newSize}: what a witness checks before it cosigns.
   *
   * @throws IllegalArgumentException unless {@code 0 < oldSize <= newSize <=} the log's size
   */
  public List<byte[]> logConsistency(long oldSize, long newSize) {
    return audit.consistency(oldSize, newSize);
  }

  /**
   * Keeps a witness's cosignature line for the checkpoint of {@code size}, if one of the
   * {@linkplain ConsentBrokerBuilder#witnesses configured witnesses} made it over that checkpoint.
   *
   * @return the checkpoint with all its cosignatures
   * @throws IllegalArgumentException if no such checkpoint is kept or the line is not a witness's
   */
  public String addCosignature(long size, String cosignatureLine) {
    return audit.addCosignature(size, Checks.notNull("cosignature", cosignatureLine));
  }

  /** The whole audit log, oldest first, read lazily; export it with {@code AuditJson.write}. */
  public Iterable<AuditEntry> auditLog() {
    return audit.log();
  }

  /**
   * Verifies the whole audit log, skipping nothing: the chain, the Merkle tree over the salted
   * leaves, the store's tree nodes, and every kept checkpoint. A checkpoint that does not verify
   * with the log keys, a tree that does not reach the largest checkpoint kept or signed by this
   * broker, or a root that differs from a checkpoint's is BROKEN, at the first failing position.
   */
  public AuditVerification verifyAudit() {
    return audit.verify();
  }

  /** What the consent still allows at {@code provider} in the current period (a preflight). */
  public FetchBudget remainingBudget(ConsentId id, AgencyId provider) {
    return desk.remainingBudget(id, provider);
  }

  private Consent transition(
      String operation,
      ConsentId id,
      AuditEventType type,
      String actor,
      Map<String, String> details,
      UnaryOperator<Consent> step) {
    Written<List<Consent>> written =
        store.change(
            operation,
            id,
            locked -> {
              Consent current = locked.consent();
              Consent next = step.apply(current);
              return List.of(
                  change(
                      current,
                      next,
                      locked.lastReceiptId(id),
                      event(next.statusChangedAt(), type, current, actor, details)));
            });
    statusLists.changed();
    audit.afterWrite(written);
    tell(written);
    return written.value().get(0);
  }

  /** Tells each citizen concerned of the decisions {@code written} recorded. */
  private void tell(Written<List<Consent>> written) {
    List<Consent> changed = written.value();
    for (int i = 0; i < changed.size() && i < written.appended().size(); i++) {
      Consent consent = changed.get(i);
      tell(
          CitizenNotice.of(
              written.appended().get(i).event().type(),
              consent,
              consent.items(),
              consent.statusChangedAt()));
    }
  }

  private void tell(CitizenNotice notice) {
    try {
      notifier.notify(notice);
    } catch (RuntimeException e) {
      LOG.warn(
          "citizen notifier failed for a {} notice: {}",
          notice.what(),
          e.getClass().getSimpleName());
    }
  }

  /**
   * A change, with a signed receipt when the consent was ever approved, linked to the receipt it
   * follows ({@code previous}).
   */
  private ConsentChange change(
      Consent current, Consent next, Optional<String> previous, AuditEvent event) {
    List<OutboxEvent> outbox = events.forChange(current, next, event.at());
    if (!next.wasApproved()) {
      return new ConsentChange(current, next, event, Optional.empty(), outbox);
    }
    ConsentReceipt receipt = receipts.issue(next, previous);
    return new ConsentChange(
        current,
        next,
        event,
        Optional.of(
            new ReceiptRecord(next.id(), next.version(), receipt.receiptId(), receipt.token())),
        outbox);
  }

  private Consent newConsent(
      ConsentRequest r, CitizenIdentifier citizen, Instant now, Optional<ConsentId> supersedes) {
    return Consent.builder()
        .id(ConsentId.generate(now))
        .supersedes(supersedes)
        .subject(subjects.derive(Checks.notNull("citizen", citizen), r.providers()))
        .consumer(r.consumer())
        .items(r.items())
        .purpose(r.purpose())
        .delivery(r.delivery())
        .dataRange(r.dataRange())
        .validFrom(r.validFrom())
        .validUntil(r.validUntil())
        .retention(r.retention())
        .representative(r.representative())
        .createdAt(now)
        .build();
  }

  private static void requireSubject(Consent consent, SubjectId subject, String operation) {
    if (!consent.subject().brokerSubject().equals(subject)) {
      throw new ConsentStateException(
          operation,
          Optional.of(consent.id()),
          consent.status(),
          consent.status(),
          "the citizen is not the consent's subject");
    }
  }

  private SubjectId brokerSubject(CitizenIdentifier citizen) {
    return subjects.brokerSubject(Checks.notNull("citizen", citizen));
  }

  private static AuditEvent event(
      Instant at, AuditEventType type, Consent consent, String actor, Map<String, String> details) {
    return AuditEvent.of(at, type, consent.id(), actor, details);
  }

  @Override
  public String toString() {
    return "ConsentBroker[" + store + "]";
  }
}
