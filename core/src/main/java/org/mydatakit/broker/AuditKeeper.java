package org.mydatakit.broker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.mydatakit.audit.AuditCheckpoint;
import org.mydatakit.audit.AuditEntry;
import org.mydatakit.audit.AuditLogCheck;
import org.mydatakit.audit.AuditVerification;
import org.mydatakit.audit.InvalidCheckpointException;
import org.mydatakit.audit.LoggedEntry;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.keys.VerificationKeySet;
import org.mydatakit.log.Checkpoint;
import org.mydatakit.log.InvalidNoteException;
import org.mydatakit.log.MerkleTree;
import org.mydatakit.log.NodeId;
import org.mydatakit.log.NoteSigner;
import org.mydatakit.log.NoteVerifierKey;
import org.mydatakit.log.SignedNote;
import org.mydatakit.log.StoredTree;
import org.mydatakit.log.TlogProof;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the verifiable log: signs tree checkpoints (on demand and every N entries) with the log
 * key, adds witnesses' cosignatures, builds proofs from the store's tree nodes, and verifies the
 * whole log without skipping anything.
 */
final class AuditKeeper {
  private static final Logger LOG = LoggerFactory.getLogger(AuditKeeper.class);

  private final ConsentStore store;
  private final NoteSigner logKey;
  private final List<NoteVerifierKey> logKeys; // current first, then retired (verify only)
  private final List<NoteVerifierKey> witnesses;
  private final SigningKeySet keys;
  private final List<VerificationKeySet> archivedKeys;
  private final String issuer;
  private final int every;
  private final AtomicLong lastCheckpoint = new AtomicLong(-1);
  private final AtomicLong published = new AtomicLong(0); // the largest size this broker signed
  private volatile Opened lastOpened;

  AuditKeeper(ConsentBrokerBuilder b) {
    this.store = b.store;
    this.logKey = b.logKey;
    List<NoteVerifierKey> known = new ArrayList<>();
    known.add(b.logKey.verifierKey());
    known.addAll(b.retiredLogKeys);
    this.logKeys = List.copyOf(known);
    this.witnesses = List.copyOf(b.witnesses);
    this.keys = b.keys;
    this.archivedKeys = List.copyOf(b.archivedKeys);
    this.issuer = b.issuer;
    this.every = b.checkpointEvery;
  }

  String origin() {
    return logKey.verifierKey().name();
  }

  NoteVerifierKey logKey() {
    return logKey.verifierKey();
  }

  /**
   * The signed checkpoint of the whole log now (the kept one, cosigned, if the log has not grown).
   */
  String checkpoint() {
    long size =
        store
            .auditHead()
            .map(AuditEntry::sequence)
            .orElseThrow(() -> new IllegalStateException("checkpoint: the audit log is empty"));
    return checkpoint(size);
  }

  private synchronized String checkpoint(long size) {
    Optional<String> latest = store.latestLogCheckpoint();
    if (latest.isPresent() && sizeOf(latest.get()) == size) {
      return latest.get();
    }
    String note = logKey.sign(Checkpoint.of(origin(), size, root(size)).text());
    store.saveLogCheckpoint(size, note);
    lastCheckpoint.accumulateAndGet(size, Math::max);
    published.accumulateAndGet(size, Math::max);
    return note;
  }

  /**
   * The size of a checkpoint this log signed, or -1 if it does not open. The last note opened is
   * remembered (by its exact text), so that handing out proofs against one checkpoint checks its
   * signature once.
   */
  private long sizeOf(String note) {
    Opened last = lastOpened;
    if (last != null && last.note.equals(note)) {
      return last.size;
    }
    long size;
    try {
      Checkpoint c = Checkpoint.parse(SignedNote.open(note, logKeys).text());
      size = c.origin().equals(origin()) ? c.size() : -1;
    } catch (InvalidNoteException | IllegalArgumentException e) {
      size = -1;
    }
    lastOpened = new Opened(note, size);
    return size;
  }

  private record Opened(String note, long size) {}

  /** The root of the first {@code size} entries, from the store's tree nodes. */
  byte[] root(long size) {
    if (size == 0) {
      return MerkleTree.emptyRoot();
    }
    StoredTree.Plan plan = StoredTree.root(size);
    return plan.proof(store.treeNodes(plan.nodes())).get(0);
  }

  /**
   * After a write: a checkpoint if {@code every} entries passed since the last one, from the head
   * the write returned. Never fails the write that came before it: a checkpoint that cannot be
   * taken now is taken after a later write.
   */
  void afterWrite(ConsentStore.Written<?> written) {
    if (every == 0 || written.head().isEmpty()) {
      return;
    }
    try {
      long size = written.head().get().sequence();
      if (lastCheckpoint.get() < 0) {
        long last = store.latestLogCheckpoint().map(this::sizeOf).orElse(0L);
        lastCheckpoint.compareAndSet(-1, Math.max(0, last));
      }
      if (size - lastCheckpoint.get() >= every) {
        checkpoint(size);
      }
    } catch (RuntimeException e) {
      LOG.warn("audit checkpoint postponed: {}", e.getClass().getName());
    }
  }

  /**
   * The proof file (C2SP tlog-proof) of the entry at {@code sequence}, against the latest
   * checkpoint that covers it (a new one if none does); empty if there is no such entry.
   */
  Optional<String> proof(long sequence) {
    if (sequence < 1) {
      return Optional.empty();
    }
    List<LoggedEntry> found = store.logged(sequence - 1, 1);
    if (found.isEmpty() || found.get(0).entry().sequence() != sequence) {
      return Optional.empty();
    }
    return Optional.of(proof(found.get(0), covering(sequence)));
  }

  /** The proof files of every entry about {@code consent}, oldest first. */
  List<String> proofs(ConsentId consent) {
    List<LoggedEntry> entries = store.loggedAbout(consent);
    if (entries.isEmpty()) {
      return List.of();
    }
    String note = covering(entries.get(entries.size() - 1).entry().sequence());
    List<String> proofs = new ArrayList<>(entries.size());
    for (LoggedEntry entry : entries) {
      proofs.add(proof(entry, note));
    }
    return proofs;
  }

  private String covering(long sequence) {
    Optional<String> latest = store.latestLogCheckpoint();
    if (latest.isPresent() && sizeOf(latest.get()) >= sequence) {
      return latest.get();
    }
    return checkpoint();
  }

  private String proof(LoggedEntry entry, String note) {
    long size = sizeOf(note);
    StoredTree.Plan plan = StoredTree.inclusion(entry.leafIndex(), size);
    List<byte[]> path = plan.proof(store.treeNodes(plan.nodes()));
    return TlogProof.of(entry.proofExtra(), entry.leafIndex(), path, note).text();
  }

  /** The consistency proof from the tree of {@code size1} entries to that of {@code size2}. */
  List<byte[]> consistency(long size1, long size2) {
    long size = store.auditHead().map(AuditEntry::sequence).orElse(0L);
    if (size2 > size) {
      throw new IllegalArgumentException(
          "consistency proof: expected a newer size up to the log's " + size + ", got " + size2);
    }
    StoredTree.Plan plan = StoredTree.consistency(size1, size2);
    Map<NodeId, byte[]> nodes = store.treeNodes(plan.nodes());
    return plan.proof(nodes);
  }

  /**
   * Adds a witness's cosignature line to the kept checkpoint of {@code size}: kept only if one of
   * the configured witnesses made it over that checkpoint. A witness that already cosigned it keeps
   * its first cosignature (the note carries one per witness, well below the signature lines a note
   * may have).
   *
   * @return the checkpoint with every cosignature kept
   * @throws IllegalArgumentException if the line is not a configured witness's cosignature of it
   */
  synchronized String addCosignature(long size, String cosignatureLine) {
    if (witnesses.isEmpty()) {
      throw new IllegalStateException("add cosignature: expected witnesses(...) to be configured");
    }
    String kept =
        store
            .logCheckpoint(size)
            .filter(n -> sizeOf(n) == size)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "add cosignature: expected the size of a kept checkpoint, got " + size));
    String line = cosignatureLine.endsWith("\n") ? cosignatureLine : cosignatureLine + "\n";
    if (kept.contains(line)) {
      return kept;
    }
    List<NoteVerifierKey> known = new ArrayList<>(logKeys);
    known.addAll(witnesses);
    SignedNote before = SignedNote.open(kept, known);
    SignedNote after;
    try {
      after = SignedNote.open(kept + line, known);
    } catch (InvalidNoteException e) {
      throw new IllegalArgumentException(
          "add cosignature: expected a cosignature line over the checkpoint of size "
              + size
              + " ("
              + e.reason()
              + ")");
    }
    List<SignedNote.NoteSignature> added =
        after.verified().stream().filter(s -> !before.verified().contains(s)).toList();
    if (added.size() != 1 || !isWitness(added.get(0))) {
      throw new IllegalArgumentException(
          "add cosignature: expected a configured witness's signature over the checkpoint of size "
              + size);
    }
    SignedNote.NoteSignature made = added.get(0);
    if (before.verified().stream()
        .anyMatch(s -> s.name().equals(made.name()) && s.keyId() == made.keyId())) {
      return kept; // this witness cosigned it before: its first cosignature stays
    }
    String cosigned = kept + line;
    store.saveLogCheckpoint(size, cosigned);
    return cosigned;
  }

  private boolean isWitness(SignedNote.NoteSignature signature) {
    return witnesses.stream()
        .anyMatch(w -> w.name().equals(signature.name()) && w.keyId() == signature.keyId());
  }

  VerificationKeySet receiptKeys() {
    VerificationKeySet all = keys.verificationKeys();
    for (VerificationKeySet archived : archivedKeys) {
      all = all.with(archived);
    }
    return all;
  }

  /** The whole log, oldest first, read lazily in pages. */
  Iterable<AuditEntry> log() {
    return store.auditLog();
  }

  /**
   * Verifies the chain, the tree and every kept checkpoint; nothing is skipped: a kept checkpoint
   * that does not verify breaks the log.
   */
  AuditVerification verify() {
    AuditLogCheck check =
        AuditLogCheck.of(logKeys, origin()).published(published.get()).storedRoot(this::root);
    List<AuditCheckpoint> chain = new ArrayList<>();
    for (String token : store.checkpoints()) {
      try {
        chain.add(verifyChainCheckpoint(token));
      } catch (InvalidCheckpointException e) {
        check.invalidChainCheckpoint(1, e.getClass().getSimpleName());
      }
    }
    return check.chainCheckpoints(chain).verify(store.loggedEntries(), store.logCheckpoints());
  }

  private AuditCheckpoint verifyChainCheckpoint(String token) throws InvalidCheckpointException {
    return AuditCheckpoint.verify(token, receiptKeys(), issuer);
  }
}
