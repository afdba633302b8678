package org.mydatakit.audit;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * The outcome of {@link AuditChain#verify(Iterable)}: intact, or where the chain first breaks and
 * why.
 *
 * <pre>{@code
 * AuditVerification result = AuditChain.verify(entries);
 * if (!result.intact()) {
 *   alarm("audit chain broken at " + result.firstBrokenSequence().getAsLong() + ": " + result.why());
 * }
 * }</pre>
 *
 * <p>{@link #why()} is a lower-case sentence that quotes only sequence numbers, never an entry's
 * content. Immutable and thread-safe.
 */
public final class AuditVerification {
  private final long entries;
  private final OptionalLong firstBrokenSequence;
  private final String why;

  private AuditVerification(long entries, OptionalLong firstBrokenSequence, String why) {
    this.entries = entries;
    this.firstBrokenSequence = firstBrokenSequence;
    this.why = why;
  }

  /** The outcome for an intact log of {@code entries} entries. */
  public static AuditVerification intact(long entries) {
    return new AuditVerification(entries, OptionalLong.empty(), "intact");
  }

  /**
   * The outcome for a log that breaks at {@code sequence}, after {@code entries} verified entries;
   * {@code why} must quote no entry content.
   */
  public static AuditVerification broken(long entries, long sequence, String why) {
    return new AuditVerification(entries, OptionalLong.of(sequence), why);
  }

  /** Whether every entry, and every checkpoint given, verified. */
  public boolean intact() {
    return firstBrokenSequence.isEmpty();
  }

  /** How many entries verified: all of them if intact, else those before the break. */
  public long entries() {
    return entries;
  }

  /**
   * The sequence number the chain should have continued with where it breaks (the position, not the
   * number the offending entry claims); empty if intact.
   */
  public OptionalLong firstBrokenSequence() {
    return firstBrokenSequence;
  }

  /**
   * Why the chain breaks, such as {@code "previous hash does not match entry 41"}; {@code "intact"}
   * if it does not.
   */
  public String why() {
    return why;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuditVerification v
        && entries == v.entries
        && firstBrokenSequence.equals(v.firstBrokenSequence)
        && why.equals(v.why);
  }

  @Override
  public int hashCode() {
    return Objects.hash(entries, firstBrokenSequence, why);
  }

  @Override
  public String toString() {
    return intact()
        ? "AuditVerification[intact, entries=" + entries + "]"
        : "AuditVerification[broken at "
            + firstBrokenSequence.getAsLong()
            + ": "
            + why
            + ", entries="
            + entries
            + "]";
  }
}
