package org.mydatakit.log;

import org.mydatakit.MyDataException;

/**
 * A signed note, checkpoint, proof file or verifier key that was refused: typed by {@link
 * #reason()}, with a message naming what was expected and never the note's text or a signature.
 *
 * <pre>{@code
 * try {
 *   SignedNote note = SignedNote.open(message, List.of(logKey));
 * } catch (InvalidNoteException e) {
 *   if (e.reason() == InvalidNoteException.Reason.BAD_SIGNATURE) { ... }
 * }
 * }</pre>
 */
public final class InvalidNoteException extends MyDataException {
  private static final long serialVersionUID = 1L;

  /** Why. */
  public enum Reason {
    /** Not a well-formed note, checkpoint or key. */
    MALFORMED,
    /** A known key's signature does not verify. */
    BAD_SIGNATURE,
    /** No signature of a known key is present. */
    NO_VERIFIED_SIGNATURE,
    /** Two different keys share one name and key ID. */
    AMBIGUOUS_KEY,
    /** The checkpoint is of another log than the one expected. */
    ORIGIN_MISMATCH,
    /** A required witness did not cosign the checkpoint. */
    WITNESS_POLICY_FAILED,
    /** The inclusion proof does not lead from the leaf to the checkpoint's root. */
    INCLUSION_FAILED,
    /** The log shows fewer entries than a checkpoint it signed before. */
    LOG_SHRANK,
    /** The log signed two checkpoints of one size with different roots. */
    LOG_FORKED,
    /** The consistency proof does not show the older tree as a prefix of the newer one. */
    INCONSISTENT
  }

  private final Reason reason;

  InvalidNoteException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
