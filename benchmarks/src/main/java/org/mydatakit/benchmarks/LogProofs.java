package org.mydatakit.benchmarks;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mydatakit.log.Checkpoint;
import org.mydatakit.log.MerkleTree;
import org.mydatakit.log.NoteSigner;
import org.mydatakit.log.NoteVerifierKey;
import org.mydatakit.log.SignedNote;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a citizen's offline check costs: verifying an inclusion proof and a consistency proof in a
 * log of 1,048,576 entries (20 and up to 40 hashes), and opening the signed checkpoint (one Ed25519
 * verification). Proofs are made once in setup, from the leaves in memory.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar LogProofs</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LogProofs {
  static final int SIZE = 1 << 20;

  private byte[] leaf;
  private byte[] root;
  private byte[] oldRoot;
  private List<byte[]> inclusion;
  private List<byte[]> consistency;
  private String note;
  private List<NoteVerifierKey> logKey;

  @Setup
  public void setUp() {
    List<byte[]> leaves = new ArrayList<>(SIZE);
    for (int i = 0; i < SIZE; i++) {
      leaves.add(MerkleTree.leafHash(ByteBuffer.allocate(4).putInt(i).array()));
    }
    root = MerkleTree.root(leaves);
    oldRoot = MerkleTree.root(leaves.subList(0, 700_001));
    leaf = leaves.get(123_457);
    inclusion = MerkleTree.inclusionProof(leaves, 123_457);
    consistency = MerkleTree.consistencyProof(leaves, 700_001);
    NoteSigner signer = NoteSigner.generate("broker.example/log");
    note = signer.sign(Checkpoint.of("broker.example/log", SIZE, root).text());
    logKey = List.of(signer.verifierKey());
  }

  @Benchmark
  public boolean verifyInclusion() {
    return MerkleTree.verifyInclusion(123_457, SIZE, leaf, inclusion, root);
  }

  @Benchmark
  public boolean verifyConsistency() {
    return MerkleTree.verifyConsistency(700_001, SIZE, oldRoot, root, consistency);
  }

  @Benchmark
  public SignedNote openCheckpoint() {
    return SignedNote.open(note, logKey);
  }
}
