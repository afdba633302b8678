package org.mydatakit.log;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The RFC 9162 §2.1 Merkle tree (SHA-256): leaf and node hashes, the tree head, and inclusion and
 * consistency proofs — made from a list of leaf hashes, and verified from nothing but the hashes a
 * proof carries. Dependency-free (the JDK's SHA-256), so a citizen or an auditor can check a proof
 * with this class alone.
 *
 * <pre>{@code
 * byte[] leaf = MerkleTree.leafHash(entryBytes);              // SHA-256(0x00 || entry)
 * boolean included = MerkleTree.verifyInclusion(index, treeSize, leaf, proof, checkpointRoot);
 * boolean appendOnly = MerkleTree.verifyConsistency(oldSize, newSize, oldRoot, newRoot, proof);
 * }</pre>
 *
 * <p>Sizes and indexes are unsigned 64-bit in the RFC; here a value of 2^63 or more (a negative
 * {@code long}) never verifies. Every hash must be exactly 32 bytes; a proof with another length
 * anywhere does not verify. The verifiers never throw for any input; the makers throw {@link
 * IllegalArgumentException} naming what was expected. Stateless and thread-safe.
 */
public final class MerkleTree {
  /** The length of every hash: SHA-256. */
  public static final int HASH_LENGTH = 32;

  private static final byte LEAF_PREFIX = 0x00;
  private static final byte NODE_PREFIX = 0x01;

  private MerkleTree() {}

  /** The root of the empty tree: SHA-256 of nothing. */
  public static byte[] emptyRoot() {
    return sha256().digest();
  }

  /** The hash of a leaf holding {@code data}: SHA-256(0x00 || data). */
  public static byte[] leafHash(byte[] data) {
    MessageDigest sha = sha256();
    sha.update(LEAF_PREFIX);
    sha.update(Objects.requireNonNull(data, "leaf data"));
    return sha.digest();
  }

  /** The hash of an inner node: SHA-256(0x01 || left || right). */
  public static byte[] nodeHash(byte[] left, byte[] right) {
    MessageDigest sha = sha256();
    sha.update(NODE_PREFIX);
    sha.update(left);
    sha.update(right);
    return sha.digest();
  }

  /** The tree head (MTH) over {@code leafHashes}, in order. */
  public static byte[] root(List<byte[]> leafHashes) {
    checkLeaves(leafHashes);
    return leafHashes.isEmpty() ? emptyRoot() : mth(leafHashes, 0, leafHashes.size());
  }

  /**
   * The inclusion proof of leaf {@code index} in the tree of {@code leafHashes} (RFC 9162 §2.1.3.1,
   * PATH), the sibling nearest the leaf first.
   *
   * @throws IllegalArgumentException unless {@code 0 <= index < leafHashes.size()}
   */
  public static List<byte[]> inclusionProof(List<byte[]> leafHashes, int index) {
    checkLeaves(leafHashes);
    if (index < 0 || index >= leafHashes.size()) {
      throw new IllegalArgumentException(
          "inclusion proof: expected a leaf index below the tree size "
              + leafHashes.size()
              + ", got "
              + index);
    }
    List<byte[]> proof = new ArrayList<>();
    path(leafHashes, index, 0, leafHashes.size(), proof);
    return Collections.unmodifiableList(proof);
  }

  /**
   * The consistency proof from the tree of the first {@code size1} leaves to the tree of all of
   * {@code leafHashes} (RFC 9162 §2.1.4.1, PROOF); empty when the sizes are equal.
   *
   * @throws IllegalArgumentException unless {@code 0 < size1 <= leafHashes.size()}
   */
  public static List<byte[]> consistencyProof(List<byte[]> leafHashes, int size1) {
    checkLeaves(leafHashes);
    if (size1 <= 0 || size1 > leafHashes.size()) {
      throw new IllegalArgumentException(
          "consistency proof: expected an older size of 1 to "
              + leafHashes.size()
              + ", got "
              + size1);
    }
    List<byte[]> proof = new ArrayList<>();
    if (size1 < leafHashes.size()) {
      subproof(leafHashes, size1, 0, leafHashes.size(), true, proof);
    }
    return Collections.unmodifiableList(proof);
  }

  /**
   * Whether {@code proof} shows the leaf with hash {@code leafHash} at {@code index} in the tree of
   * {@code treeSize} leaves whose root is {@code root} (RFC 9162 §2.1.3.2).
   */
  public static boolean verifyInclusion(
      long index, long treeSize, byte[] leafHash, List<byte[]> proof, byte[] root) {
    if (index < 0 || treeSize <= 0 || index >= treeSize) {
      return false;
    }
    if (!isHash(leafHash) || !isHash(root) || !allHashes(proof)) {
      return false;
    }
    long fn = index;
    long sn = treeSize - 1;
    byte[] r = leafHash;
    for (byte[] p : proof) {
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = nodeHash(p, r);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>>= 1;
            sn >>>= 1;
          }
        }
      } else {
        r = nodeHash(r, p);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    return sn == 0 && MessageDigest.isEqual(r, root);
  }

  /**
   * Whether {@code proof} shows that the tree of {@code size1} leaves with root {@code root1} is a
   * prefix of the tree of {@code size2} leaves with root {@code root2} (RFC 9162 §2.1.4.2). Equal
   * sizes need an empty proof and equal roots; a proof from the empty tree is meaningless and never
   * verifies.
   */
  public static boolean verifyConsistency(
      long size1, long size2, byte[] root1, byte[] root2, List<byte[]> proof) {
    if (size1 <= 0 || size2 <= 0 || size1 > size2) {
      return false;
    }
    if (!isHash(root1) || !isHash(root2) || !allHashes(proof)) {
      return false;
    }
    if (size1 == size2) {
      return proof.isEmpty() && MessageDigest.isEqual(root1, root2);
    }
    if (proof.isEmpty()) {
      return false;
    }
    List<byte[]> path = new ArrayList<>(proof.size() + 1);
    if (Long.bitCount(size1) == 1) {
      path.add(root1);
    }
    path.addAll(proof);
    long fn = size1 - 1;
    long sn = size2 - 1;
    while ((fn & 1) == 1) {
      fn >>>= 1;
      sn >>>= 1;
    }
    byte[] fr = path.get(0);
    byte[] sr = path.get(0);
    for (int i = 1; i < path.size(); i++) {
      byte[] c = path.get(i);
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = nodeHash(c, fr);
        sr = nodeHash(c, sr);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>>= 1;
            sn >>>= 1;
          }
        }
      } else {
        sr = nodeHash(sr, c);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    return sn == 0 && MessageDigest.isEqual(fr, root1) && MessageDigest.isEqual(sr, root2);
  }

  private static byte[] mth(List<byte[]> leaves, int from, int to) {
    int n = to - from;
    if (n == 1) {
      return leaves.get(from);
    }
    int k = split(n);
    return nodeHash(mth(leaves, from, from + k), mth(leaves, from + k, to));
  }

  private static void path(List<byte[]> leaves, int m, int from, int to, List<byte[]> proof) {
    int n = to - from;
    if (n == 1) {
      return;
    }
    int k = split(n);
    if (m < k) {
      path(leaves, m, from, from + k, proof);
      proof.add(mth(leaves, from + k, to));
    } else {
      path(leaves, m - k, from + k, to, proof);
      proof.add(mth(leaves, from, from + k));
    }
  }

  private static void subproof(
      List<byte[]> leaves, int m, int from, int to, boolean complete, List<byte[]> proof) {
    int n = to - from;
    if (m == n) {
      if (!complete) {
        proof.add(mth(leaves, from, to));
      }
      return;
    }
    int k = split(n);
    if (m <= k) {
      subproof(leaves, m, from, from + k, complete, proof);
      proof.add(mth(leaves, from + k, to));
    } else {
      subproof(leaves, m - k, from + k, to, false, proof);
      proof.add(mth(leaves, from, from + k));
    }
  }

  /** The largest power of two smaller than {@code n} (n >= 2). */
  private static int split(int n) {
    return Integer.highestOneBit(n - 1);
  }

  private static void checkLeaves(List<byte[]> leafHashes) {
    Objects.requireNonNull(leafHashes, "leaf hashes");
    for (byte[] leaf : leafHashes) {
      if (!isHash(leaf)) {
        throw new IllegalArgumentException("leaf hash: expected 32 bytes of SHA-256");
      }
    }
  }

  private static boolean isHash(byte[] hash) {
    return hash != null && hash.length == HASH_LENGTH;
  }

  private static boolean allHashes(List<byte[]> proof) {
    if (proof == null || proof.size() > 130) {
      return false;
    }
    for (byte[] p : proof) {
      if (!isHash(p)) {
        return false;
      }
    }
    return true;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("sha-256 unavailable", e);
    }
  }
}
