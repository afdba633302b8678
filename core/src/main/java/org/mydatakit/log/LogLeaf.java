package org.mydatakit.log;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;

/**
 * The project's leaf encoding: a leaf commits to one event with a per-entry salt, so that leaves,
 * tiles and checkpoints reveal nothing and two leaves about one citizen cannot be linked without
 * their salts. The leaf's data is SHA-256(salt || event) and its tree hash {@link
 * MerkleTree#leafHash} of that; a proof file's extra data is the salt (32 bytes) followed by the
 * event's canonical bytes, so that its holder can recompute the leaf offline.
 *
 * <pre>{@code
 * byte[] leaf = LogLeaf.leafHash(salt, canonicalEvent);
 * byte[] extra = LogLeaf.extra(salt, canonicalEvent);          // in the citizen's proof file
 * byte[] again = LogLeaf.leafHashOfExtra(extra);                // what the verifier recomputes
 * }</pre>
 */
public final class LogLeaf {
  /** The salt's length. */
  public static final int SALT_LENGTH = 32;

  private LogLeaf() {}

  /** SHA-256(salt || event): what the tree's leaf holds. */
  public static byte[] commitment(byte[] salt, byte[] event) {
    checkSalt(salt);
    MessageDigest sha = sha256();
    sha.update(salt);
    sha.update(Objects.requireNonNull(event, "event"));
    return sha.digest();
  }

  /** The RFC 9162 leaf hash of the commitment. */
  public static byte[] leafHash(byte[] salt, byte[] event) {
    return MerkleTree.leafHash(commitment(salt, event));
  }

  /** A proof file's extra data: the salt, then the event. */
  public static byte[] extra(byte[] salt, byte[] event) {
    checkSalt(salt);
    byte[] extra = Arrays.copyOf(salt, SALT_LENGTH + event.length);
    System.arraycopy(event, 0, extra, SALT_LENGTH, event.length);
    return extra;
  }

  /**
   * The leaf hash a proof file's extra data stands for.
   *
   * @throws InvalidNoteException ({@code MALFORMED}) if it is shorter than a salt
   */
  public static byte[] leafHashOfExtra(byte[] extra) {
    if (extra == null || extra.length < SALT_LENGTH) {
      throw NoteVerifierKey.malformed("proof extra data: expected a 32-byte salt and an event");
    }
    return leafHash(
        Arrays.copyOfRange(extra, 0, SALT_LENGTH),
        Arrays.copyOfRange(extra, SALT_LENGTH, extra.length));
  }

  private static void checkSalt(byte[] salt) {
    if (salt == null || salt.length != SALT_LENGTH) {
      throw new IllegalArgumentException("leaf salt: expected 32 bytes");
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("sha-256 unavailable", e);
    }
  }
}
