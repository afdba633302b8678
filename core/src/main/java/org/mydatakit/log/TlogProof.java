package org.mydatakit.log;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A C2SP tlog-proof file: {@code c2sp.org/tlog-proof@v1}, an optional {@code extra <base64>} line,
 * {@code index <n>}, the inclusion proof's hashes (base64, the leaf's sibling first), a blank line,
 * then the signed checkpoint verbatim. It proves one entry's place in the log offline, with nothing
 * but the log's public key and the witnesses' keys.
 *
 * <pre>{@code
 * TlogProof proof = TlogProof.parse(Files.readString(Path.of("entry-42.proof")));
 * Checkpoint checkpoint = proof.verify(leafHash, "broker.example/log",
 *     List.of(NoteVerifierKey.parse(logVkey)), List.of(NoteVerifierKey.parse(witnessVkey)));
 * }</pre>
 *
 * <p>Immutable; {@link #toString()} shows the index only.
 */
public final class TlogProof {
  /** The header line of this version of the format. */
  public static final String HEADER = "c2sp.org/tlog-proof@v1";

  private final byte[] extra;
  private final long index;
  private final List<byte[]> hashes;
  private final String checkpoint;

  private TlogProof(byte[] extra, long index, List<byte[]> hashes, String checkpoint) {
    this.extra = extra;
    this.index = index;
    this.hashes = List.copyOf(hashes);
    this.checkpoint = checkpoint;
  }

  /**
   * A proof file for leaf {@code index} with {@code hashes} under the signed {@code checkpoint}.
   */
  public static TlogProof of(byte[] extra, long index, List<byte[]> hashes, String checkpoint) {
    if (index < 0) {
      throw new IllegalArgumentException("proof index: expected 0 to 2^63-1");
    }
    for (byte[] h : hashes) {
      if (h.length != MerkleTree.HASH_LENGTH) {
        throw new IllegalArgumentException("proof hash: expected 32 bytes");
      }
    }
    return new TlogProof(
        extra == null ? null : extra.clone(),
        index,
        hashes.stream().map(byte[]::clone).toList(),
        Objects.requireNonNull(checkpoint, "checkpoint"));
  }

  /**
   * Parses a proof file (the signed checkpoint inside is not yet checked: see {@link #verify}).
   *
   * @throws InvalidNoteException ({@code MALFORMED}) naming the line out of form
   */
  public static TlogProof parse(String text) {
    if (text == null) {
      throw NoteVerifierKey.malformed("tlog proof: expected a proof file, got nothing");
    }
    int blank = text.indexOf("\n\n");
    if (blank < 0) {
      throw NoteVerifierKey.malformed("tlog proof: expected a blank line before the checkpoint");
    }
    String[] lines = text.substring(0, blank).split("\n", -1);
    if (!HEADER.equals(lines[0])) {
      throw NoteVerifierKey.malformed("tlog proof: expected the header " + HEADER);
    }
    int next = 1;
    byte[] extra = null;
    if (next < lines.length && lines[next].startsWith("extra ")) {
      extra = NoteVerifierKey.canonicalBase64(lines[next].substring(6), "tlog proof extra");
      next++;
    }
    if (next >= lines.length
        || !lines[next].startsWith("index ")
        || !lines[next].substring(6).matches("0|[1-9][0-9]{0,18}")) {
      throw NoteVerifierKey.malformed(
          "tlog proof: expected 'index <n>' in decimal without leading zeros");
    }
    long index;
    try {
      index = Long.parseLong(lines[next].substring(6));
    } catch (NumberFormatException e) {
      throw NoteVerifierKey.malformed("tlog proof: expected an index below 2^63");
    }
    List<byte[]> hashes = new ArrayList<>();
    for (int i = next + 1; i < lines.length; i++) {
      byte[] hash = NoteVerifierKey.canonicalBase64(lines[i], "tlog proof hash");
      if (hash.length != MerkleTree.HASH_LENGTH) {
        throw NoteVerifierKey.malformed("tlog proof hash: expected 32 bytes of SHA-256");
      }
      hashes.add(hash);
    }
    if (hashes.size() > 63) {
      throw NoteVerifierKey.malformed("tlog proof: expected at most 63 hashes");
    }
    return new TlogProof(extra, index, hashes, text.substring(blank + 2));
  }

  /**
   * Verifies the proof for the leaf with hash {@code leafHash}: the checkpoint is signed by one of
   * {@code logKeys}, names {@code origin}, is cosigned by every one of {@code witnesses}, and the
   * inclusion proof leads from the leaf at {@link #index()} to its root.
   *
   * @return the verified checkpoint
   * @throws InvalidNoteException with the first failing check's reason
   */
  public Checkpoint verify(
      byte[] leafHash,
      String origin,
      Collection<NoteVerifierKey> logKeys,
      Collection<NoteVerifierKey> witnesses) {
    List<NoteVerifierKey> known = new ArrayList<>(logKeys);
    known.addAll(witnesses);
    SignedNote note = SignedNote.open(checkpoint, known);
    boolean logSigned =
        note.verified().stream()
            .anyMatch(
                s ->
                    logKeys.stream()
                        .anyMatch(k -> k.name().equals(s.name()) && k.keyId() == s.keyId()));
    if (!logSigned) {
      throw new InvalidNoteException(
          InvalidNoteException.Reason.NO_VERIFIED_SIGNATURE,
          "tlog proof: expected the checkpoint signed by the log's key");
    }
    Checkpoint parsed = Checkpoint.parse(note.text());
    if (!parsed.origin().equals(origin)) {
      throw new InvalidNoteException(
          InvalidNoteException.Reason.ORIGIN_MISMATCH,
          "tlog proof: expected a checkpoint of the log " + origin);
    }
    for (NoteVerifierKey witness : witnesses) {
      boolean cosigned =
          note.verified().stream()
              .anyMatch(s -> s.name().equals(witness.name()) && s.keyId() == witness.keyId());
      if (!cosigned) {
        throw new InvalidNoteException(
            InvalidNoteException.Reason.WITNESS_POLICY_FAILED,
            "tlog proof: expected a cosignature of the witness " + witness.name());
      }
    }
    if (!MerkleTree.verifyInclusion(index, parsed.size(), leafHash, hashes, parsed.root())) {
      throw new InvalidNoteException(
          InvalidNoteException.Reason.INCLUSION_FAILED,
          "tlog proof: expected the inclusion proof to lead to the checkpoint's root");
    }
    return parsed;
  }

  /** The file's text, as {@link #parse} reads it. */
  public String text() {
    StringBuilder b = new StringBuilder(HEADER).append('\n');
    if (extra != null) {
      b.append("extra ").append(java.util.Base64.getEncoder().encodeToString(extra)).append('\n');
    }
    b.append("index ").append(index).append('\n');
    hashes.forEach(h -> b.append(java.util.Base64.getEncoder().encodeToString(h)).append('\n'));
    return b.append('\n').append(checkpoint).toString();
  }

  /** The application's extra data (here: the entry and its salt), if the file has it. */
  public Optional<byte[]> extra() {
    return Optional.ofNullable(extra).map(byte[]::clone);
  }

  public long index() {
    return index;
  }

  /** The inclusion proof's hashes (copies). */
  public List<byte[]> hashes() {
    return hashes.stream().map(byte[]::clone).toList();
  }

  /** The signed checkpoint, verbatim. */
  public String checkpoint() {
    return checkpoint;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TlogProof p && text().equals(p.text());
  }

  @Override
  public int hashCode() {
    return text().hashCode();
  }

  @Override
  public String toString() {
    return "TlogProof[index=" + index + ", hashes=" + hashes.size() + "]";
  }
}
