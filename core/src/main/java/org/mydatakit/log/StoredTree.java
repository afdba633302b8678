package org.mydatakit.log;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Proofs from a store that keeps the hash of every complete subtree ({@link NodeId}): which nodes a
 * proof needs, and the proof made from them. Every hash in an RFC 9162 proof is the root of a range
 * of leaves that is either one complete subtree or the right edge of the tree, made of at most 63
 * complete subtrees; so a proof needs O(log n) stored nodes and one read.
 *
 * <pre>{@code
 * StoredTree.Plan plan = StoredTree.inclusion(index, size);
 * List<byte[]> proof = plan.proof(store.nodes(plan.nodes()));    // one query for all of them
 * }</pre>
 *
 * <p>The proofs are the same bytes as {@link MerkleTree#inclusionProof} and {@link
 * MerkleTree#consistencyProof} make from the whole list of leaves. Stateless and thread-safe.
 */
public final class StoredTree {
  private StoredTree() {}

  /** The nodes a proof (or a root) needs, and how to fold them into it. Immutable. */
  public static final class Plan {
    private final List<List<NodeId>> hashes; // each proof hash: complete subtrees, left to right

    private Plan(List<List<NodeId>> hashes) {
      this.hashes = hashes;
    }

    /** Every node to read, without repeats. */
    public Set<NodeId> nodes() {
      Set<NodeId> all = new LinkedHashSet<>();
      hashes.forEach(all::addAll);
      return Collections.unmodifiableSet(all);
    }

    /** How many hashes the result has. */
    public int length() {
      return hashes.size();
    }

    /**
     * The proof's hashes, in proof order, from the nodes read.
     *
     * @throws IllegalStateException if a node the plan needs is missing or not 32 bytes
     */
    public List<byte[]> proof(Map<NodeId, byte[]> nodes) {
      List<byte[]> proof = new ArrayList<>(hashes.size());
      for (List<NodeId> range : hashes) {
        byte[] hash = node(nodes, range.get(range.size() - 1));
        for (int i = range.size() - 2; i >= 0; i--) {
          hash = MerkleTree.nodeHash(node(nodes, range.get(i)), hash);
        }
        proof.add(hash);
      }
      return Collections.unmodifiableList(proof);
    }

    private static byte[] node(Map<NodeId, byte[]> nodes, NodeId id) {
      byte[] hash = nodes.get(id);
      if (hash == null || hash.length != MerkleTree.HASH_LENGTH) {
        throw new IllegalStateException(
            "stored tree: node " + id.level() + "/" + id.index() + " is missing");
      }
      return hash;
    }
  }

  /**
   * The nodes of the inclusion proof of leaf {@code index} in the tree of {@code size} leaves.
   *
   * @throws IllegalArgumentException unless {@code 0 <= index < size}
   */
  public static Plan inclusion(long index, long size) {
    if (size <= 0 || index < 0 || index >= size) {
      throw new IllegalArgumentException(
          "inclusion proof: expected a leaf index below the tree size " + size + ", got " + index);
    }
    List<List<NodeId>> hashes = new ArrayList<>();
    long from = 0;
    long to = size;
    List<List<NodeId>> reversed = new ArrayList<>();
    while (to - from > 1) {
      long k = split(to - from);
      if (index < from + k) {
        reversed.add(range(from + k, to));
        to = from + k;
      } else {
        reversed.add(range(from, from + k));
        from = from + k;
      }
    }
    for (int i = reversed.size() - 1; i >= 0; i--) {
      hashes.add(reversed.get(i)); // the sibling nearest the leaf first
    }
    return new Plan(Collections.unmodifiableList(hashes));
  }

  /**
   * The nodes of the consistency proof from the tree of {@code size1} leaves to the tree of {@code
   * size2}; empty when the sizes are equal.
   *
   * @throws IllegalArgumentException unless {@code 0 < size1 <= size2}
   */
  public static Plan consistency(long size1, long size2) {
    if (size1 <= 0 || size1 > size2) {
      throw new IllegalArgumentException(
          "consistency proof: expected an older size of 1 to " + size2 + ", got " + size1);
    }
    List<List<NodeId>> reversed = new ArrayList<>();
    if (size1 < size2) {
      long m = size1;
      long from = 0;
      long to = size2;
      boolean complete = true;
      while (m != to - from) {
        long k = split(to - from);
        if (m <= k) {
          reversed.add(range(from + k, to));
          to = from + k;
        } else {
          reversed.add(range(from, from + k));
          m -= k;
          from = from + k;
          complete = false;
        }
      }
      if (!complete) {
        reversed.add(range(from, to));
      }
    }
    List<List<NodeId>> hashes = new ArrayList<>(reversed.size());
    for (int i = reversed.size() - 1; i >= 0; i--) {
      hashes.add(reversed.get(i));
    }
    return new Plan(Collections.unmodifiableList(hashes));
  }

  /** The nodes of the root of the tree of {@code size} leaves (size 0: use the empty root). */
  public static Plan root(long size) {
    if (size <= 0) {
      throw new IllegalArgumentException("tree root: expected a size from 1, got " + size);
    }
    return new Plan(List.of(CompactRange.edge(size)));
  }

  /**
   * The complete subtrees that make up leaves {@code from} (aligned: a multiple of a power of two
   * at least {@code to - from}) to {@code to}, left to right.
   */
  private static List<NodeId> range(long from, long to) {
    List<NodeId> ids = new ArrayList<>(2);
    while (from < to) {
      int level = 63 - Long.numberOfLeadingZeros(to - from);
      ids.add(new NodeId(level, from >>> level));
      from += 1L << level;
    }
    return Collections.unmodifiableList(ids);
  }

  /** The largest power of two smaller than {@code n} (n >= 2). */
  private static long split(long n) {
    return Long.highestOneBit(n - 1);
  }
}
