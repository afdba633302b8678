package org.mydatakit.audit;

import java.util.Arrays;
import org.mydatakit.log.LogLeaf;

/**
 * An audit entry with the salt of its leaf in the log's Merkle tree. The leaf commits to the
 * entry's canonical encoding ({@link AuditEntry#canonical}) with the salt: SHA-256(salt ||
 * canonical), then the RFC 9162 leaf hash of that ({@link LogLeaf}). The salt stays in the broker's
 * store; it is handed only to the citizen the entry is about (inside her proof file) and to an
 * auditor the operator authorises, so that leaves and checkpoints reveal nothing.
 *
 * <pre>{@code
 * LoggedEntry logged = store.logged(41, 1).get(0);   // the entry at sequence 42
 * byte[] leaf = logged.leafHash();                   // leaf index 41 in the tree
 * }</pre>
 *
 * <p>{@link #toString()} shows the sequence only.
 */
public record LoggedEntry(AuditEntry entry, byte[] salt) {
  /** Validates: an entry and a 32-byte salt; copies the salt. */
  public LoggedEntry {
    if (entry == null) {
      throw new IllegalArgumentException("logged entry: expected an audit entry, got null");
    }
    if (salt == null || salt.length != LogLeaf.SALT_LENGTH) {
      throw new IllegalArgumentException("logged entry salt: expected 32 bytes");
    }
    salt = salt.clone();
  }

  /** A copy of the salt. */
  @Override
  public byte[] salt() {
    return salt.clone();
  }

  /** The entry's leaf index in the tree: its sequence minus one. */
  public long leafIndex() {
    return entry.sequence() - 1;
  }

  /** The leaf hash: what the tree keeps at {@link #leafIndex()}. */
  public byte[] leafHash() {
    return LogLeaf.leafHash(salt, canonical());
  }

  /** A proof file's extra data for this entry: the salt, then the canonical encoding. */
  public byte[] proofExtra() {
    return LogLeaf.extra(salt, canonical());
  }

  private byte[] canonical() {
    return AuditEntry.canonical(entry.sequence(), entry.event(), entry.previousHash());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LoggedEntry other
        && entry.equals(other.entry)
        && Arrays.equals(salt, other.salt);
  }

  @Override
  public int hashCode() {
    return 31 * entry.hashCode() + Arrays.hashCode(salt);
  }

  @Override
  public String toString() {
    return "LoggedEntry[" + entry.sequence() + "]";
  }
}
