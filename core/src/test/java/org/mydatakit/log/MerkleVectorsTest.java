package org.mydatakit.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The RFC 6962 / 9162 reference vectors of {@code src/test/resources/merkle}
 * (transparency-dev/merkle probes, see PROVENANCE.md): every valid vector verifies, every invalid
 * one fails, and the proofs this class makes equal the published ones.
 */
class MerkleVectorsTest {
  private static final HexFormat HEX = HexFormat.of();

  /**
   * Deliberate differences: upstream accepts equal sizes with equal 12-byte ASCII "roots"; this
   * verifier requires every root to be a SHA-256 hash.
   */
  private static final Set<String> STRICTER =
      Set.of("consistency/additional/sizes-are-equal-one-and-proof-is-empty");

  private static final JsonNode VECTORS = load();

  private static JsonNode load() {
    try (InputStream in =
        MerkleVectorsTest.class.getResourceAsStream("/merkle/rfc6962-tree.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hex(JsonNode node) {
    return HEX.parseHex(node.asText());
  }

  private static List<byte[]> hashes(JsonNode array) {
    List<byte[]> out = new ArrayList<>();
    array.forEach(n -> out.add(hex(n)));
    return out;
  }

  /** Unsigned 64-bit as the vectors hold it; 2^63 and more become negative longs. */
  private static long u64(JsonNode node) {
    return node.bigIntegerValue().longValue();
  }

  private static List<byte[]> leafHashes() {
    List<byte[]> leaves = new ArrayList<>();
    for (JsonNode leaf : VECTORS.get("leaves")) {
      byte[] hash = MerkleTree.leafHash(hex(leaf.get("input")));
      assertThat(HEX.formatHex(hash)).isEqualTo(leaf.get("leaf_hash").asText());
      leaves.add(hash);
    }
    return leaves;
  }

  @Test
  void rootsOfTheReferenceTreeForEverySize() {
    List<byte[]> leaves = leafHashes();
    assertThat(VECTORS.get("roots")).hasSize(9);
    for (JsonNode root : VECTORS.get("roots")) {
      int size = root.get("tree_size").asInt();
      assertThat(HEX.formatHex(MerkleTree.root(leaves.subList(0, size))))
          .as("root of size %d", size)
          .isEqualTo(root.get("root").asText());
    }
    assertThat(HEX.formatHex(MerkleTree.emptyRoot()))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void everyInclusionVectorHasItsExpectedOutcome() {
    int valid = 0;
    int invalid = 0;
    for (JsonNode v : VECTORS.get("inclusion")) {
      boolean verified =
          MerkleTree.verifyInclusion(
              u64(v.get("leaf_index")),
              u64(v.get("tree_size")),
              hex(v.get("leaf_hash")),
              hashes(v.get("proof")),
              hex(v.get("root")));
      assertThat(verified).as(v.get("id").asText()).isEqualTo(v.get("valid").asBoolean());
      if (verified) {
        valid++;
      } else {
        invalid++;
      }
    }
    assertThat(valid).isEqualTo(8);
    assertThat(invalid).isEqualTo(98);
  }

  @Test
  void everyConsistencyVectorHasItsExpectedOutcome() {
    int valid = 0;
    int invalid = 0;
    for (JsonNode v : VECTORS.get("consistency")) {
      String id = v.get("id").asText();
      boolean verified =
          MerkleTree.verifyConsistency(
              u64(v.get("size1")),
              u64(v.get("size2")),
              hex(v.get("root1")),
              hex(v.get("root2")),
              hashes(v.get("proof")));
      boolean expected = v.get("valid").asBoolean() && !STRICTER.contains(id);
      assertThat(verified).as(id).isEqualTo(expected);
      if (verified) {
        valid++;
      } else {
        invalid++;
      }
    }
    assertThat(valid).isEqualTo(6);
    assertThat(invalid).isEqualTo(103);
  }

  @Test
  void theProofsMadeHereAreThePublishedOnes() {
    List<byte[]> leaves = leafHashes();
    JsonNode generated = VECTORS.get("generated");
    for (JsonNode v : generated.get("inclusion")) {
      int size = v.get("tree_size").asInt();
      int index = v.get("leaf_index").asInt();
      List<byte[]> proof = MerkleTree.inclusionProof(leaves.subList(0, size), index);
      List<String> expected = new ArrayList<>();
      v.get("proof").forEach(n -> expected.add(n.asText()));
      assertThat(proof.stream().map(HEX::formatHex).toList())
          .as(v.get("id").asText())
          .containsExactlyElementsOf(expected);
    }
    for (JsonNode v : generated.get("consistency")) {
      int size1 = v.get("size1").asInt();
      int size2 = v.get("size2").asInt();
      List<byte[]> proof = MerkleTree.consistencyProof(leaves.subList(0, size2), size1);
      List<String> expected = new ArrayList<>();
      v.get("proof").forEach(n -> expected.add(n.asText()));
      assertThat(proof.stream().map(HEX::formatHex).toList())
          .as(v.get("id").asText())
          .containsExactlyElementsOf(expected);
      assertThat(
              MerkleTree.verifyConsistency(
                  size1,
                  size2,
                  MerkleTree.root(leaves.subList(0, size1)),
                  MerkleTree.root(leaves.subList(0, size2)),
                  proof))
          .isTrue();
    }
  }
}
