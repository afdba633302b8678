package org.mydatakit.audit;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongConsumer;
import java.util.function.LongFunction;
import org.mydatakit.internal.Checks;
import org.mydatakit.log.Checkpoint;
import org.mydatakit.log.CompactRange;
import org.mydatakit.log.InvalidNoteException;
import org.mydatakit.log.NoteVerifierKey;
import org.mydatakit.log.SignedNote;

/**
 * Verifies a whole audit log, skipping nothing: the chain ({@link AuditChain}), the Merkle tree
 * over the entries' salted leaves, and every signed checkpoint kept or published. It breaks, at the
 * first failing position, when
 *
 * <ul>
 *   <li>an entry does not link to the one before it or does not match its hash;
 *   <li>a tree checkpoint does not open with the log's keys (current or retired), names another
 *       log, or has a root other than the tree's at its size — whatever rewrote, reordered or
 *       dropped an entry before it;
 *   <li>the log ends before the largest checkpoint kept or {@linkplain #published published} — a
 *       cut tail, even with the later checkpoints overwritten;
 *   <li>two checkpoints of one size have different roots (a fork);
 *   <li>the store's own tree nodes, from which it builds proofs, do not give the tree's root.
 * </ul>
 *
 * <pre>{@code
 * AuditVerification result = AuditLogCheck.of(List.of(logKey), "broker.example/log")
 *     .published(lastWitnessedSize)
 *     .verify(store.loggedEntries(), store.logCheckpoints());
 * }</pre>
 *
 * <p>Streams the entries once, in constant memory apart from one root per checkpoint. Not
 * thread-safe while being configured; {@link #verify} may be called again.
 */
public final class AuditLogCheck {
  private final List<NoteVerifierKey> logKeys;
  private final String origin;
  private final List<AuditCheckpoint> chainCheckpoints = new ArrayList<>();
  private final List<String> invalidChainCheckpoints = new ArrayList<>();
  private long published;
  private final List<String> outside = new ArrayList<>();
  private LongFunction<byte[]> storedRoot;
  private LongConsumer progress = n -> {};

  private AuditLogCheck(List<NoteVerifierKey> logKeys, String origin) {
    this.logKeys = logKeys;
    this.origin = origin;
  }

  /** A check of the log {@code origin} whose checkpoints are signed by one of {@code logKeys}. */
  public static AuditLogCheck of(Collection<NoteVerifierKey> logKeys, String origin) {
    Checks.notNull("log keys", logKeys);
    if (logKeys.isEmpty()) {
      throw new IllegalArgumentException("log keys: expected at least one");
    }
    return new AuditLogCheck(List.copyOf(logKeys), Checks.notNull("log origin", origin));
  }

  /** Chain checkpoints (JWS) of the earlier kind, already verified: the entry hashes they name. */
  public AuditLogCheck chainCheckpoints(List<AuditCheckpoint> verified) {
    chainCheckpoints.addAll(Checks.notNull("chain checkpoints", verified));
    return this;
  }

  /**
   * A chain checkpoint (JWS) that did not verify, and why: the log breaks there (nothing is
   * skipped); {@code claimedSequence} is the sequence it claims, or 1 if unreadable.
   */
  public AuditLogCheck invalidChainCheckpoint(long claimedSequence, String why) {
    invalidChainCheckpoints.add(Math.max(1, claimedSequence) + "\u0000" + why);
    return this;
  }

  /**
   * The size of the largest tree known to have been published (signed by this process, or cosigned
   * by a witness): the log must reach it. 0 for none.
   */
  public AuditLogCheck published(long size) {
    this.published = Math.max(published, size);
    return this;
  }

  /**
   * A signed checkpoint from outside the store — a witness's last cosigned note, the one a
   * citizen's proof file carries: it must verify, and the log must reach it with the same root.
   */
  public AuditLogCheck published(String note) {
    outside.add(Checks.notNull("published checkpoint", note));
    return this;
  }

  /** The root of the tree of a size as the store's nodes give it, checked at the end. */
  public AuditLogCheck storedRoot(LongFunction<byte[]> storedRoot) {
    this.storedRoot = storedRoot;
    return this;
  }

  /** Called with the count every {@link AuditChain#PROGRESS_INTERVAL} entries. */
  public AuditLogCheck progress(LongConsumer progress) {
    this.progress = Checks.notNull("progress", progress);
    return this;
  }

  /** Verifies {@code entries} (oldest first) against signed checkpoint notes from outside. */
  public AuditVerification verify(Iterable<LoggedEntry> entries, List<String> checkpointNotes) {
    Failure first = null;
    TreeMap<Long, byte[]> signedRoots = new TreeMap<>();
    long claimed = 0;
    List<String> all = new ArrayList<>(Checks.notNull("checkpoints", checkpointNotes));
    all.addAll(outside);
    for (String note : all) {
      first = Failure.earlier(first, open(claimedSize(note), note, signedRoots));
      claimed = Math.max(claimed, claimedSize(note));
    }
    return verify(entries, signedRoots, first, claimed);
  }

  /**
   * Verifies {@code entries} (oldest first) against the checkpoints a store keeps, by the tree size
   * each was kept under: one that does not verify breaks the log at that size.
   */
  public AuditVerification verify(Iterable<LoggedEntry> entries, Map<Long, String> keptBySize) {
    Failure first = null;
    TreeMap<Long, byte[]> signedRoots = new TreeMap<>();
    long claimed = 0;
    for (Map.Entry<Long, String> kept : Checks.notNull("checkpoints", keptBySize).entrySet()) {
      first = Failure.earlier(first, open(kept.getKey(), kept.getValue(), signedRoots));
      claimed = Math.max(claimed, kept.getKey());
    }
    for (String note : outside) {
      first = Failure.earlier(first, open(claimedSize(note), note, signedRoots));
      claimed = Math.max(claimed, claimedSize(note));
    }
    return verify(entries, signedRoots, first, claimed);
  }

  /**
   * {@code claimed}: the largest size any checkpoint claims, verified or not: the log must reach
   * it.
   */
  private AuditVerification verify(
      Iterable<LoggedEntry> entries,
      TreeMap<Long, byte[]> signedRoots,
      Failure opened,
      long claimed) {
    Checks.notNull("entries", entries);
    Failure first = opened;
    for (String invalid : invalidChainCheckpoints) {
      int cut = invalid.indexOf('\u0000');
      first =
          Failure.earlier(
              first,
              new Failure(
                  Long.parseLong(invalid.substring(0, cut)),
                  "a chain checkpoint does not verify (" + invalid.substring(cut + 1) + ")"));
    }
    Map<Long, Set<String>> heads = new HashMap<>();
    long lastChainCheckpoint = 0;
    for (AuditCheckpoint c : chainCheckpoints) {
      heads.computeIfAbsent(c.sequence(), s -> new HashSet<>()).add(c.headHash());
      lastChainCheckpoint = Math.max(lastChainCheckpoint, c.sequence());
    }

    CompactRange tree = CompactRange.empty();
    long count = 0;
    String previousHash = AuditEntry.GENESIS;
    for (LoggedEntry logged : entries) {
      long expected = count + 1;
      if (first != null && first.position <= expected) {
        break; // nothing after the first failure changes the answer
      }
      AuditEntry entry = logged == null ? null : logged.entry();
      String why = AuditChain.check(entry, expected, previousHash, heads.get(expected));
      if (why != null) {
        first = Failure.earlier(first, new Failure(expected, why));
        break;
      }
      tree.append(logged.leafHash());
      count = expected;
      previousHash = entry.hash();
      byte[] signed = signedRoots.get(count);
      if (signed != null && !MessageDigest.isEqual(signed, tree.root())) {
        first =
            Failure.earlier(
                first,
                new Failure(
                    count,
                    "the tree of the first "
                        + count
                        + " entries does not match its signed checkpoint: an entry up to "
                        + count
                        + " was rewritten, reordered or removed"));
      }
      if (count % AuditChain.PROGRESS_INTERVAL == 0) {
        progress.accept(count);
      }
    }
    long reach =
        Math.max(Math.max(published, claimed), Math.max(lastChainCheckpoint, lastKey(signedRoots)));
    if (reach > count) {
      first =
          Failure.earlier(
              first,
              new Failure(
                  count + 1,
                  "the log ends at entry "
                      + count
                      + " before checkpoint "
                      + reach
                      + ": entries were cut off"));
    }
    if (first == null && storedRoot != null && count > 0) {
      byte[] stored;
      try {
        stored = storedRoot.apply(count);
      } catch (IllegalStateException e) {
        stored = null;
      }
      if (stored == null || !MessageDigest.isEqual(stored, tree.root())) {
        first = new Failure(count, "the store's tree nodes do not give the root of the entries");
      }
    }
    return first == null
        ? AuditVerification.intact(count)
        : AuditVerification.broken(Math.min(count, first.position - 1), first.position, first.why);
  }

  private Failure open(long claimed, String note, TreeMap<Long, byte[]> signedRoots) {
    Checkpoint checkpoint;
    try {
      checkpoint = Checkpoint.parse(SignedNote.open(note, logKeys).text());
    } catch (InvalidNoteException | IllegalArgumentException e) {
      return new Failure(
          claimed < 1 ? 1 : claimed,
          "a kept checkpoint"
              + (claimed < 1 ? "" : " of size " + claimed)
              + " does not verify with the log's keys ("
              + reason(e)
              + ")");
    }
    if (!checkpoint.origin().equals(origin)) {
      return new Failure(
          Math.max(1, checkpoint.size()),
          "a kept checkpoint of size " + checkpoint.size() + " names another log");
    }
    if (claimed > 0 && checkpoint.size() != claimed) {
      return new Failure(
          Math.max(1, Math.min(claimed, checkpoint.size())),
          "a checkpoint kept for size " + claimed + " signs size " + checkpoint.size());
    }
    if (checkpoint.size() == 0) {
      return null;
    }
    byte[] earlier = signedRoots.putIfAbsent(checkpoint.size(), checkpoint.root());
    if (earlier != null && !MessageDigest.isEqual(earlier, checkpoint.root())) {
      return new Failure(
          checkpoint.size(),
          "two signed checkpoints of size " + checkpoint.size() + " differ: the log forked");
    }
    return null;
  }

  private static String reason(RuntimeException e) {
    return e instanceof InvalidNoteException n ? n.reason().name() : "MALFORMED";
  }

  /** The size an unverified checkpoint claims, or -1 if it has none readable. */
  private static long claimedSize(String note) {
    if (note == null) {
      return -1;
    }
    String[] lines = note.split("\n", 3);
    if (lines.length < 2 || !lines[1].matches("[1-9][0-9]{0,18}")) {
      return -1;
    }
    try {
      return Long.parseLong(lines[1]);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static long lastKey(TreeMap<Long, byte[]> map) {
    return map.isEmpty() ? 0 : map.lastKey();
  }

  private record Failure(long position, String why) {
    static Failure earlier(Failure a, Failure b) {
      if (a == null) {
        return b;
      }
      return b == null || a.position <= b.position ? a : b;
    }
  }

  @Override
  public String toString() {
    return "AuditLogCheck[" + origin + "]";
  }
}
