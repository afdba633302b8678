package org.mydatakit.cli;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.mydatakit.broker.ConsentStore;
import org.mydatakit.log.Checkpoint;
import org.mydatakit.log.InvalidNoteException;
import org.mydatakit.log.MerkleTree;
import org.mydatakit.log.NodeId;
import org.mydatakit.log.NoteVerifierKey;
import org.mydatakit.log.StoredTree;

/** What the log commands share: keys, checkpoints, proof lines and roots from a store. */
final class LogNotes {
  /** More hashes than any RFC 9162 proof of a tree below 2^63 has. */
  private static final int MAX_PROOF_LINES = 130;

  private LogNotes() {}

  /** A log's public key (type 0x01), given as {@code option}; a usage error otherwise. */
  static NoteVerifierKey logKey(Inputs inputs, String option, String vkey) {
    NoteVerifierKey key;
    try {
      key = NoteVerifierKey.parse(vkey == null ? null : vkey.strip());
    } catch (InvalidNoteException e) {
      throw inputs.error(option + ": " + e.getMessage());
    }
    if (key.isCosignatureKey()) {
      throw inputs.error(option + ": expected the log's key (type 0x01), got a witness's (0x04)");
    }
    return key;
  }

  /**
   * The checkpoint a signed note carries, its signatures not checked: for a note the store kept,
   * whose size picks the proof to make. Anyone who reads the result checks the signature.
   *
   * @throws InvalidNoteException ({@code MALFORMED}) if it is not a note over a checkpoint
   */
  static Checkpoint unverified(String note) {
    int blank = note == null ? -1 : note.lastIndexOf("\n\n");
    return Checkpoint.parse(blank < 0 ? note : note.substring(0, blank + 1));
  }

  /**
   * A consistency proof in its text form: one standard base64 hash (32 bytes) a line; none for an
   * empty proof.
   *
   * @throws IllegalArgumentException naming the line out of form, never quoting it
   */
  static List<byte[]> proofLines(String text) {
    List<byte[]> hashes = new ArrayList<>();
    if (text.isEmpty()) {
      return hashes;
    }
    String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    String[] lines = body.split("\n", -1);
    if (lines.length > MAX_PROOF_LINES) {
      throw new IllegalArgumentException(
          "expected at most " + MAX_PROOF_LINES + " hashes, got " + lines.length);
    }
    for (int i = 0; i < lines.length; i++) {
      String line =
          lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
      byte[] hash;
      try {
        hash = Base64.getDecoder().decode(line);
      } catch (IllegalArgumentException e) {
        hash = null;
      }
      if (hash == null
          || hash.length != MerkleTree.HASH_LENGTH
          || !Base64.getEncoder().encodeToString(hash).equals(line)) {
        throw new IllegalArgumentException(
            "line " + (i + 1) + ": expected a 32-byte hash in standard base64");
      }
      hashes.add(hash);
    }
    return hashes;
  }

  /**
   * The root of the first {@code size} entries, from the store's tree nodes.
   *
   * @throws IllegalStateException if the store lacks a node it needs
   */
  static byte[] storedRoot(ConsentStore store, long size) {
    if (size == 0) {
      return MerkleTree.emptyRoot();
    }
    StoredTree.Plan plan = StoredTree.root(size);
    Map<NodeId, byte[]> nodes = store.treeNodes(plan.nodes());
    return plan.proof(nodes).get(0);
  }
}
