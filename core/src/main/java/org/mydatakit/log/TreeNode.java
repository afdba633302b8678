package org.mydatakit.log;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One complete subtree's hash, as a store keeps it.
 *
 * <pre>{@code
 * for (TreeNode node : range.append(leafHash)) {
 *   store.insert(node.id().level(), node.id().index(), node.hash());
 * }
 * }</pre>
 */
public record TreeNode(NodeId id, byte[] hash) {
  /** Validates: a 32-byte hash; copies it. */
  public TreeNode {
    if (id == null) {
      throw new IllegalArgumentException("tree node: expected an id, got null");
    }
    if (hash == null || hash.length != MerkleTree.HASH_LENGTH) {
      throw new IllegalArgumentException("tree node hash: expected 32 bytes of SHA-256");
    }
    hash = hash.clone();
  }

  /** A copy of the hash. */
  @Override
  public byte[] hash() {
    return hash.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TreeNode other && id.equals(other.id) && Arrays.equals(hash, other.hash);
  }

  @Override
  public int hashCode() {
    return 31 * id.hashCode() + Arrays.hashCode(hash);
  }

  @Override
  public String toString() {
    return "TreeNode[" + id.level() + "/" + id.index() + " " + HexFormat.of().formatHex(hash) + "]";
  }
}
