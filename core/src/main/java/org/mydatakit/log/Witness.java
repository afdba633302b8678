package org.mydatakit.log;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A witness of one log: it remembers the last checkpoint it cosigned and cosigns a new one only if
 * the log signed it, it names the log, and it extends the last one — the same tree, or a larger
 * tree of which the last is a prefix (a consistency proof shows it). A log that shrank, forked (one
 * size, two roots) or rewrote its past is refused, and the witness stays where it was.
 *
 * <pre>{@code
 * Witness witness = Witness.of(cosigner, logKey, "broker.example/log", lastCosigned);
 * String cosignature = witness.cosign(newCheckpointNote, consistencyProof);  // or refused
 * String cosigned = newCheckpointNote + cosignature;   // the note with one more signature line
 * }</pre>
 *
 * <p>Thread-safe: one cosignature at a time. Persisting {@link #lastCosigned()} between runs is the
 * caller's (the CLI keeps it in its state directory).
 */
public final class Witness {
  private final NoteCosigner cosigner;
  private final NoteVerifierKey logKey;
  private final String origin;
  private final Clock clock;
  private Checkpoint last; // guarded by this

  private Witness(
      NoteCosigner cosigner, NoteVerifierKey logKey, String origin, Checkpoint last, Clock clock) {
    this.cosigner = Objects.requireNonNull(cosigner, "cosigner");
    this.logKey = Objects.requireNonNull(logKey, "log key");
    this.origin = Objects.requireNonNull(origin, "origin");
    this.last = last;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * A witness of the log {@code origin} signed by {@code logKey}, which last cosigned {@code
   * lastCosigned} (null for a new witness, which accepts the first checkpoint it is shown).
   */
  public static Witness of(
      NoteCosigner cosigner, NoteVerifierKey logKey, String origin, Checkpoint lastCosigned) {
    return new Witness(cosigner, logKey, origin, lastCosigned, Clock.systemUTC());
  }

  /** As {@link #of} with the clock that dates cosignatures. */
  public static Witness of(
      NoteCosigner cosigner,
      NoteVerifierKey logKey,
      String origin,
      Checkpoint lastCosigned,
      Clock clock) {
    return new Witness(cosigner, logKey, origin, lastCosigned, clock);
  }

  /**
   * Checks {@code checkpointNote} (the log's signed checkpoint) against the last cosigned one with
   * {@code consistencyProof} (from the last size to the new one; empty for the same size or a first
   * checkpoint) and returns this witness's cosignature line for it.
   *
   * @throws InvalidNoteException {@code BAD_SIGNATURE} or {@code NO_VERIFIED_SIGNATURE} when the
   *     log did not sign it, {@code ORIGIN_MISMATCH}, {@code LOG_SHRANK}, {@code LOG_FORKED}, or
   *     {@code INCONSISTENT}; the witness then keeps its last checkpoint
   */
  public synchronized String cosign(String checkpointNote, List<byte[]> consistencyProof) {
    SignedNote note = SignedNote.open(checkpointNote, List.of(logKey));
    Checkpoint next = Checkpoint.parse(note.text());
    if (!next.origin().equals(origin)) {
      throw new InvalidNoteException(
          InvalidNoteException.Reason.ORIGIN_MISMATCH,
          "witness: expected a checkpoint of " + origin);
    }
    if (last != null) {
      if (next.size() < last.size()) {
        throw new InvalidNoteException(
            InvalidNoteException.Reason.LOG_SHRANK,
            "witness: the log shows "
                + next.size()
                + " entries after a checkpoint of "
                + last.size());
      }
      if (next.size() == last.size()) {
        if (!java.security.MessageDigest.isEqual(next.root(), last.root())) {
          throw new InvalidNoteException(
              InvalidNoteException.Reason.LOG_FORKED,
              "witness: two checkpoints of size " + next.size() + " with different roots");
        }
      } else if (last.size() == 0) {
        // every tree extends the empty one
      } else if (!MerkleTree.verifyConsistency(
          last.size(), next.size(), last.root(), next.root(), consistencyProof)) {
        throw new InvalidNoteException(
            InvalidNoteException.Reason.INCONSISTENT,
            "witness: expected a consistency proof from size "
                + last.size()
                + " to "
                + next.size());
      }
    }
    last = next;
    return cosigner.cosignatureLine(note.text(), clock.instant().getEpochSecond());
  }

  /** The last checkpoint this witness cosigned, if any. */
  public synchronized Optional<Checkpoint> lastCosigned() {
    return Optional.ofNullable(last);
  }

  @Override
  public String toString() {
    return "Witness[" + origin + ", " + cosigner + "]";
  }
}
