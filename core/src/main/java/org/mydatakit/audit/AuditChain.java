package org.mydatakit.audit;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;
import org.mydatakit.internal.Checks;

/**
 * Verifies an audit chain in one streaming pass: the first entry is sequence 1 after {@link
 * AuditEntry#GENESIS}, each next one is the previous sequence plus one and commits to the previous
 * hash, and every hash matches its entry's content.
 *
 * <p>A chain alone cannot show that entries were cut off at its end, nor that an attacker rewrote
 * an entry and recomputed every later hash; signed {@link AuditCheckpoint}s taken earlier can.
 *
 * <pre>{@code
 * try (Stream<AuditEntry> entries = AuditJson.read(reader)) {
 *   AuditVerification result = AuditChain.verify(entries::iterator, checkpoints);
 * }
 * }</pre>
 *
 * <p>Holds one entry at a time, so it verifies a chain of any length in constant memory; an
 * exception thrown by the iterator propagates. Thread-safe (stateless).
 */
public final class AuditChain {
  /** How many entries pass between two calls of a progress callback. */
  public static final long PROGRESS_INTERVAL = 10_000;

  private AuditChain() {}

  /** Verifies {@code entries} in order. */
  public static AuditVerification verify(Iterable<AuditEntry> entries) {
    return verify(entries, List.of(), n -> {});
  }

  /** Verifies {@code entries}, calling {@code progress} with the count every 10,000 entries. */
  public static AuditVerification verify(Iterable<AuditEntry> entries, LongConsumer progress) {
    return verify(entries, List.of(), progress);
  }

  /**
   * Verifies {@code entries} and that each checkpoint's head is the hash of the entry at its
   * sequence: a rewritten chain, or one cut off before a checkpoint, breaks.
   */
  public static AuditVerification verify(
      Iterable<AuditEntry> entries, List<AuditCheckpoint> verifiedCheckpoints) {
    return verify(entries, verifiedCheckpoints, n -> {});
  }

  /** All of the above: checkpoints and a progress callback. */
  public static AuditVerification verify(
      Iterable<AuditEntry> entries,
      List<AuditCheckpoint> verifiedCheckpoints,
      LongConsumer progress) {
    Checks.notNull("entries", entries);
    Checks.notNull("progress", progress);
    Map<Long, Set<String>> heads = new HashMap<>();
    long lastCheckpoint = 0;
    for (AuditCheckpoint c : Checks.notNull("checkpoints", verifiedCheckpoints)) {
      heads.computeIfAbsent(c.sequence(), s -> new HashSet<>()).add(c.headHash());
      lastCheckpoint = Math.max(lastCheckpoint, c.sequence());
    }
    long count = 0;
    String previousHash = AuditEntry.GENESIS;
    for (AuditEntry entry : entries) {
      long expected = count + 1;
      String why = check(entry, expected, previousHash, heads.get(expected));
      if (why != null) {
        return AuditVerification.broken(count, expected, why);
      }
      previousHash = entry.hash();
      count = expected;
      if (count % PROGRESS_INTERVAL == 0) {
        progress.accept(count);
      }
    }
    if (lastCheckpoint > count) {
      return AuditVerification.broken(
          count,
          count + 1,
          "the chain ends at sequence " + count + " before checkpoint " + lastCheckpoint);
    }
    return AuditVerification.intact(count);
  }

  /** Why {@code entry} cannot be the entry at {@code expected}, or null if it can. */
  static String check(
      AuditEntry entry, long expected, String previousHash, Set<String> checkpointHeads) {
    if (entry == null) {
      return "entry " + expected + " is missing (null)";
    }
    if (!entry.hashMatches()) {
      return "hash does not match the entry's content";
    }
    if (entry.sequence() < expected) {
      return "sequence " + entry.sequence() + " repeats";
    }
    if (entry.sequence() > expected) {
      return "expected sequence " + expected + ", got " + entry.sequence();
    }
    if (!entry.previousHash().equals(previousHash)) {
      return expected == 1
          ? "previous hash of the first entry is not genesis"
          : "previous hash does not match entry " + (expected - 1);
    }
    if (checkpointHeads != null
        && (checkpointHeads.size() > 1 || !checkpointHeads.contains(entry.hash()))) {
      return "hash does not match the signed checkpoint";
    }
    return null;
  }
}
