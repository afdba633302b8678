package org.mydatakit.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * A store that keeps only complete subtrees, appended through {@link CompactRange}, makes the same
 * roots and proofs as {@link MerkleTree} does from the whole list of leaves.
 */
class StoredTreeTest {

  /** A tree kept the way a store keeps it: every node {@link CompactRange#append} returned. */
  private static final class Kept {
    final Map<NodeId, byte[]> nodes = new HashMap<>();
    final List<byte[]> leaves = new ArrayList<>();
    final List<byte[]> roots = new ArrayList<>(); // roots.get(n - 1): the root at size n
    CompactRange range = CompactRange.empty();

    Kept(int size) {
      for (int i = 0; i < size; i++) {
        byte[] leaf = MerkleTree.leafHash(("entry " + i).getBytes(StandardCharsets.UTF_8));
        leaves.add(leaf);
        for (TreeNode node : range.append(leaf)) {
          assertThat(nodes.put(node.id(), node.hash())).as("a node is written once").isNull();
        }
        roots.add(range.root());
      }
    }

    List<byte[]> read(StoredTree.Plan plan) {
      Map<NodeId, byte[]> read = new HashMap<>();
      for (NodeId id : plan.nodes()) {
        assertThat(nodes).as("a plan asks only for kept nodes").containsKey(id);
        read.put(id, nodes.get(id));
      }
      return plan.proof(read);
    }
  }

  @Test
  void everyProofOfEveryTreeUpTo64LeavesMatchesTheListMaker() {
    Kept kept = new Kept(64);
    for (int n = 1; n <= 64; n++) {
      List<byte[]> leaves = kept.leaves.subList(0, n);
      byte[] root = MerkleTree.root(leaves);
      assertThat(kept.roots.get(n - 1)).isEqualTo(root);
      assertThat(kept.read(StoredTree.root(n))).singleElement().isEqualTo(root);
      List<byte[]> edge = new ArrayList<>();
      CompactRange.edge(n).forEach(id -> edge.add(kept.nodes.get(id)));
      assertThat(CompactRange.of(n, edge).root()).isEqualTo(root);
      for (int m = 0; m < n; m++) {
        List<byte[]> proof = kept.read(StoredTree.inclusion(m, n));
        assertThat(proof).containsExactlyElementsOf(MerkleTree.inclusionProof(leaves, m));
        assertThat(MerkleTree.verifyInclusion(m, n, leaves.get(m), proof, root)).isTrue();
      }
      for (int m = 1; m <= n; m++) {
        List<byte[]> proof = kept.read(StoredTree.consistency(m, n));
        assertThat(proof).containsExactlyElementsOf(MerkleTree.consistencyProof(leaves, m));
        assertThat(MerkleTree.verifyConsistency(m, n, kept.roots.get(m - 1), root, proof)).isTrue();
      }
    }
  }

  @Property(tries = 40)
  void randomTreesUpTo2000Leaves(
      @ForAll @IntRange(min = 1, max = 2000) int n,
      @ForAll @IntRange(min = 0, max = 1999) int a,
      @ForAll @IntRange(min = 1, max = 2000) int b) {
    Kept kept = new Kept(n);
    int m = a % n;
    int old = 1 + (b - 1) % n;
    byte[] root = kept.roots.get(n - 1);
    assertThat(root).isEqualTo(MerkleTree.root(kept.leaves));
    List<byte[]> inclusion = kept.read(StoredTree.inclusion(m, n));
    assertThat(inclusion).containsExactlyElementsOf(MerkleTree.inclusionProof(kept.leaves, m));
    assertThat(MerkleTree.verifyInclusion(m, n, kept.leaves.get(m), inclusion, root)).isTrue();
    List<byte[]> consistency = kept.read(StoredTree.consistency(old, n));
    assertThat(consistency)
        .containsExactlyElementsOf(MerkleTree.consistencyProof(kept.leaves, old));
    assertThat(MerkleTree.verifyConsistency(old, n, kept.roots.get(old - 1), root, consistency))
        .isTrue();
  }

  @Test
  void aProofOfAHugeTreeNeedsFewNodes() {
    long size = (1L << 40) + 12345;
    assertThat(StoredTree.inclusion(size - 1, size).nodes()).hasSizeLessThanOrEqualTo(64);
    assertThat(StoredTree.consistency(999_999, size).nodes()).hasSizeLessThanOrEqualTo(128);
    assertThat(CompactRange.edge(Long.MAX_VALUE)).hasSize(63);
  }

  @Test
  void badSizesAndMissingNodesAreRefused() {
    assertThatThrownBy(() -> StoredTree.inclusion(5, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("below the tree size 5");
    assertThatThrownBy(() -> StoredTree.consistency(0, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("older size of 1 to 5");
    assertThatThrownBy(() -> CompactRange.edge(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CompactRange.of(3, List.of(new byte[32])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected 2 hashes, got 1");
    assertThatThrownBy(() -> StoredTree.inclusion(0, 2).proof(Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("node 0/1 is missing");
    assertThatThrownBy(() -> new NodeId(64, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new NodeId(62, 2)).isInstanceOf(IllegalArgumentException.class);
  }
}
