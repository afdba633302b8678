package org.mydatakit.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Random trees of 1 to 2,000 leaves: every inclusion and consistency proof made here verifies, and
 * flipping any single bit of a proof hash, a root or the leaf, another index, another size (with
 * that size's root), a shortened proof or a forked history makes it fail.
 */
class MerkleTreePropertiesTest {

  private static List<byte[]> leaves(int size, int seed) {
    List<byte[]> leaves = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      leaves.add(MerkleTree.leafHash(ByteBuffer.allocate(8).putInt(seed).putInt(i).array()));
    }
    return leaves;
  }

  private static byte[] flip(byte[] hash, int bit) {
    byte[] copy = hash.clone();
    copy[(bit >>> 3) % copy.length] ^= (byte) (1 << (bit & 7));
    return copy;
  }

  @Property(tries = 60)
  void inclusionProofsVerifyAndAnyMutationFails(
      @ForAll @IntRange(min = 1, max = 2000) int size,
      @ForAll @IntRange(min = 0, max = 1999) int rawIndex,
      @ForAll @IntRange(min = 0, max = 255) int bit,
      @ForAll int seed) {
    int index = rawIndex % size;
    List<byte[]> longer = leaves(size + 1, seed);
    List<byte[]> leaves = longer.subList(0, size);
    byte[] root = MerkleTree.root(leaves);
    byte[] leaf = leaves.get(index);
    List<byte[]> proof = MerkleTree.inclusionProof(leaves, index);
    assertThat(MerkleTree.verifyInclusion(index, size, leaf, proof, root)).isTrue();

    assertThat(MerkleTree.verifyInclusion(index, size, flip(leaf, bit), proof, root)).isFalse();
    assertThat(MerkleTree.verifyInclusion(index, size, leaf, proof, flip(root, bit))).isFalse();
    for (int i = 0; i < proof.size(); i++) {
      List<byte[]> mutated = new ArrayList<>(proof);
      mutated.set(i, flip(proof.get(i), bit));
      assertThat(MerkleTree.verifyInclusion(index, size, leaf, mutated, root)).isFalse();
    }
    if (size > 1) {
      long other = (index + 1) % size;
      assertThat(MerkleTree.verifyInclusion(other, size, leaf, proof, root)).isFalse();
    }
    // another size: the signed checkpoint binds size and root, so the other size comes with its
    // own root (with the same root, a proof may fit a neighbouring size: the size is authenticated
    // by the checkpoint's signature, not by the proof)
    assertThat(MerkleTree.verifyInclusion(index, size + 1L, leaf, proof, MerkleTree.root(longer)))
        .isFalse();
    if (!proof.isEmpty()) {
      assertThat(
              MerkleTree.verifyInclusion(index, size, leaf, proof.subList(1, proof.size()), root))
          .isFalse();
    }
  }

  @Property(tries = 60)
  void consistencyProofsVerifyAndAnyMutationFails(
      @ForAll @IntRange(min = 2, max = 2000) int size2,
      @ForAll @IntRange(min = 1, max = 1999) int rawSize1,
      @ForAll @IntRange(min = 0, max = 255) int bit,
      @ForAll int seed) {
    int size1 = 1 + (rawSize1 - 1) % (size2 - 1); // 1 .. size2 - 1
    List<byte[]> longer = leaves(size2 + 1, seed);
    List<byte[]> leaves = longer.subList(0, size2);
    byte[] root1 = MerkleTree.root(leaves.subList(0, size1));
    byte[] root2 = MerkleTree.root(leaves);
    List<byte[]> proof = MerkleTree.consistencyProof(leaves, size1);
    assertThat(MerkleTree.verifyConsistency(size1, size2, root1, root2, proof)).isTrue();

    assertThat(MerkleTree.verifyConsistency(size1, size2, flip(root1, bit), root2, proof))
        .isFalse();
    assertThat(MerkleTree.verifyConsistency(size1, size2, root1, flip(root2, bit), proof))
        .isFalse();
    for (int i = 0; i < proof.size(); i++) {
      List<byte[]> mutated = new ArrayList<>(proof);
      mutated.set(i, flip(proof.get(i), bit));
      assertThat(MerkleTree.verifyConsistency(size1, size2, root1, root2, mutated)).isFalse();
    }
    assertThat(
            MerkleTree.verifyConsistency(size1, size2 + 1L, root1, MerkleTree.root(longer), proof))
        .isFalse();
    // a log that forked: the same size, another history
    List<byte[]> forked = new ArrayList<>(leaves);
    forked.set(size1 - 1, MerkleTree.leafHash(new byte[] {1, 2, 3}));
    assertThat(
            MerkleTree.verifyConsistency(
                size1, size2, MerkleTree.root(forked.subList(0, size1)), root2, proof))
        .isFalse();
  }
}
