package org.mydatakit.log;

/**
 * Where a complete subtree sits in a Merkle tree: its {@code level} (0 for a leaf, 1 for two
 * leaves, up to 63) and its {@code index} among the subtrees of that level, from the left. The
 * subtree at (level, index) covers leaves {@code index * 2^level} to {@code (index + 1) * 2^level -
 * 1}. A store that keeps the hash of every complete subtree can build any proof from O(log n) of
 * them ({@link StoredTree}).
 *
 * <pre>{@code
 * NodeId leaf = NodeId.leaf(41);          // level 0, index 41
 * NodeId parent = new NodeId(1, 20);      // leaves 40 and 41
 * }</pre>
 */
public record NodeId(int level, long index) implements Comparable<NodeId> {
  /** Validates: level 0 to 63, index from 0, and the subtree's leaves below 2^63. */
  public NodeId {
    if (level < 0 || level > 63) {
      throw new IllegalArgumentException("node level: expected 0 to 63, got " + level);
    }
    if (index < 0 || (level > 0 && index > (Long.MAX_VALUE >>> level))) {
      throw new IllegalArgumentException(
          "node index: expected 0 to " + (Long.MAX_VALUE >>> level) + ", got " + index);
    }
  }

  /** The leaf at {@code index}. */
  public static NodeId leaf(long index) {
    return new NodeId(0, index);
  }

  /** The first leaf this subtree covers. */
  public long firstLeaf() {
    return index << level;
  }

  /** Level first, then index. */
  @Override
  public int compareTo(NodeId o) {
    return level != o.level ? Integer.compare(level, o.level) : Long.compare(index, o.index);
  }
}
