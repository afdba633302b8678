package org.mydatakit.log;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The right edge of a Merkle tree: the hashes of its largest complete subtrees, left to right (one
 * per set bit of the size, so at most 63). It is all an append needs: push a leaf, merge it with
 * the subtrees it completes, and hand the store the new complete subtrees to keep. The root follows
 * from the edge alone.
 *
 * <pre>{@code
 * long size = store.size();
 * CompactRange range = CompactRange.of(size, store.nodes(CompactRange.edge(size)));
 * List<TreeNode> fresh = range.append(MerkleTree.leafHash(data));  // the leaf and its new parents
 * byte[] root = range.root();
 * }</pre>
 *
 * <p>Not thread-safe: one appender at a time (a store holds its log's head lock).
 */
public final class CompactRange {
  private long size;
  private final List<byte[]> edge; // left to right: the largest subtree first

  private CompactRange(long size, List<byte[]> edge) {
    this.size = size;
    this.edge = edge;
  }

  /** The edge of the empty tree. */
  public static CompactRange empty() {
    return new CompactRange(0, new ArrayList<>());
  }

  /**
   * The subtrees that make up the edge of a tree of {@code size} leaves, left to right: for each
   * set bit {@code L} of the size, from the highest, the node at level L covering the leaves after
   * those of the bits above it.
   */
  public static List<NodeId> edge(long size) {
    if (size < 0) {
      throw new IllegalArgumentException("tree size: expected 0 to 2^63-1, got " + size);
    }
    List<NodeId> ids = new ArrayList<>(Long.bitCount(size));
    for (int level = 63; level >= 0; level--) {
      if ((size >>> level & 1) == 1) {
        ids.add(new NodeId(level, (size >>> level) - 1));
      }
    }
    return Collections.unmodifiableList(ids);
  }

  /**
   * The edge of a tree of {@code size} leaves from the hashes of {@link #edge(long) its subtrees},
   * in that order.
   *
   * @throws IllegalArgumentException if the count or a length is not as expected
   */
  public static CompactRange of(long size, List<byte[]> hashes) {
    int expected = edge(size).size();
    if (hashes == null || hashes.size() != expected) {
      throw new IllegalArgumentException(
          "compact range of size "
              + size
              + ": expected "
              + expected
              + " hashes, got "
              + (hashes == null ? "null" : hashes.size()));
    }
    List<byte[]> copy = new ArrayList<>(expected + 1);
    for (byte[] hash : hashes) {
      if (hash == null || hash.length != MerkleTree.HASH_LENGTH) {
        throw new IllegalArgumentException("compact range: expected 32-byte hashes");
      }
      copy.add(hash.clone());
    }
    return new CompactRange(size, copy);
  }

  /** How many leaves the tree holds. */
  public long size() {
    return size;
  }

  /**
   * Appends a leaf (its RFC 9162 leaf hash): returns the leaf's node and every complete subtree it
   * completes, lowest first.
   */
  public List<TreeNode> append(byte[] leafHash) {
    if (size == Long.MAX_VALUE) {
      throw new IllegalStateException("compact range: the tree is full");
    }
    List<TreeNode> fresh = new ArrayList<>(2);
    long index = size;
    byte[] hash = leafHash.clone();
    fresh.add(new TreeNode(NodeId.leaf(index), hash));
    int level = 0;
    while ((index >>> level & 1) == 1) { // the leaf completes a subtree at the next level
      byte[] left = edge.remove(edge.size() - 1);
      hash = MerkleTree.nodeHash(left, hash);
      level++;
      fresh.add(new TreeNode(new NodeId(level, index >>> level), hash));
    }
    edge.add(hash);
    size++;
    return Collections.unmodifiableList(fresh);
  }

  /** The tree head over all leaves appended: the edge folded from the right. */
  public byte[] root() {
    if (edge.isEmpty()) {
      return MerkleTree.emptyRoot();
    }
    byte[] root = edge.get(edge.size() - 1);
    for (int i = edge.size() - 2; i >= 0; i--) {
      root = MerkleTree.nodeHash(edge.get(i), root);
    }
    return root.clone();
  }

  /** The edge's hashes, left to right (copies). */
  public List<byte[]> hashes() {
    List<byte[]> copy = new ArrayList<>(edge.size());
    edge.forEach(h -> copy.add(h.clone()));
    return Collections.unmodifiableList(copy);
  }
}
