package org.mydatakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.broker.InMemoryConsentStore;
import org.mydatakit.log.Checkpoint;
import org.mydatakit.log.MerkleTree;
import org.mydatakit.log.NoteSigner;

/**
 * {@code audit consistency OLD NEW}: two checkpoints signed by one log key are consistent when the
 * later extends the earlier; a log that shrank, forked or rewrote its past is not (exit 3), and
 * unreadable input is a usage error (exit 2).
 */
class AuditConsistencyCommandTest {
  private static final String ORIGIN = LogFixtures.ORIGIN;

  @TempDir Path dir;
  private final NoteSigner log = NoteSigner.generate(ORIGIN);
  private final List<byte[]> leaves = new ArrayList<>();

  AuditConsistencyCommandTest() {
    for (int i = 0; i < 12; i++) {
      leaves.add(MerkleTree.leafHash(("entry " + i).getBytes(StandardCharsets.UTF_8)));
    }
  }

  private Path note(String name, NoteSigner key, List<byte[]> tree) throws Exception {
    String note = key.sign(Checkpoint.of(ORIGIN, tree.size(), MerkleTree.root(tree)).text());
    return Files.writeString(dir.resolve(name), note);
  }

  private Path proof(List<byte[]> tree, int oldSize) throws Exception {
    StringBuilder b = new StringBuilder();
    MerkleTree.consistencyProof(tree, oldSize)
        .forEach(h -> b.append(Base64.getEncoder().encodeToString(h)).append('\n'));
    return Files.writeString(dir.resolve("proof-" + oldSize + "-" + tree.size()), b.toString());
  }

  private Cli.Result check(Path older, Path newer, String... options) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "audit",
                "consistency",
                older.toString(),
                newer.toString(),
                "--log-key",
                log.verifierKey().toString()));
    args.addAll(List.of(options));
    return Cli.run(args.toArray(String[]::new));
  }

  @Test
  void aLaterCheckpointThatExtendsTheEarlierIsConsistent() throws Exception {
    Path older = note("old", log, leaves.subList(0, 5));
    Path newer = note("new", log, leaves);
    Cli.Result ok = check(older, newer, "--proof", proof(leaves, 5).toString());
    assertThat(ok.exitCode()).as(ok.out() + ok.err()).isZero();
    assertThat(ok.out())
        .isEqualTo(
            "OK consistent: broker.example/log at tree size 5 is a prefix of tree size 12\n");

    Cli.Result same = check(newer, note("again", log, leaves));
    assertThat(same.exitCode()).isZero();
    assertThat(same.out()).startsWith("OK consistent: broker.example/log at tree size 12");
  }

  @Test
  void aShrunkForkedOrRewrittenLogIsNotConsistent() throws Exception {
    Path twelve = note("twelve", log, leaves);
    Cli.Result shrank =
        check(
            twelve,
            note("eight", log, leaves.subList(0, 8)),
            "--proof",
            proof(leaves, 8).toString());
    assertThat(shrank.exitCode()).isEqualTo(3);
    assertThat(shrank.out())
        .startsWith("INVALID: LOG_SHRANK (log shrank: NEW shows 8 entries, OLD 12)");

    List<byte[]> fork = new ArrayList<>(leaves);
    fork.set(11, MerkleTree.leafHash("another last entry".getBytes(StandardCharsets.UTF_8)));
    Cli.Result forked = check(twelve, note("fork", log, fork));
    assertThat(forked.exitCode()).isEqualTo(3);
    assertThat(forked.out())
        .startsWith("INVALID: LOG_FORKED (log forked: two checkpoints of size 12");

    // a middle entry rewritten, then the log grew: the forger's own proof does not lead there
    Path seven = note("seven", log, leaves.subList(0, 7));
    List<byte[]> rewritten = new ArrayList<>(leaves);
    rewritten.set(3, MerkleTree.leafHash("rewritten".getBytes(StandardCharsets.UTF_8)));
    Cli.Result inconsistent =
        check(seven, note("rewritten", log, rewritten), "--proof", proof(rewritten, 7).toString());
    assertThat(inconsistent.exitCode()).isEqualTo(3);
    assertThat(inconsistent.out()).startsWith("INVALID: INCONSISTENT");

    List<byte[]> reordered = new ArrayList<>(leaves);
    Collections.swap(reordered, 2, 3);
    Cli.Result swapped =
        check(seven, note("reordered", log, reordered), "--proof", proof(reordered, 7).toString());
    assertThat(swapped.exitCode()).isEqualTo(3);
    assertThat(swapped.out()).startsWith("INVALID: INCONSISTENT");
  }

  @Test
  void aCheckpointNotSignedByTheLogKeyIsNotConsistent() throws Exception {
    Path older = note("old", log, leaves.subList(0, 5));
    Path stranger = note("stranger", NoteSigner.generate(ORIGIN), leaves);
    Cli.Result wrongKey = check(older, stranger, "--proof", proof(leaves, 5).toString());
    assertThat(wrongKey.exitCode()).isEqualTo(3);
    assertThat(wrongKey.out()).startsWith("INVALID: NO_VERIFIED_SIGNATURE (NEW:");

    String genuine = Files.readString(note("new", log, leaves));
    String[] lines = genuine.split("\n", -1);
    String otherRoot = Base64.getEncoder().encodeToString(MerkleTree.root(leaves.subList(0, 11)));
    Path tampered =
        Files.writeString(dir.resolve("tampered"), genuine.replace(lines[2], otherRoot));
    Cli.Result bad = check(older, tampered, "--proof", proof(leaves, 5).toString());
    assertThat(bad.exitCode()).isEqualTo(3);
    assertThat(bad.out()).startsWith("INVALID: BAD_SIGNATURE (NEW:");
  }

  @Test
  void unreadableInputAndContradictoryOptionsAreUsageErrors() throws Exception {
    Path older = note("old", log, leaves.subList(0, 5));
    Path newer = note("new", log, leaves);
    Path garbage = Files.writeString(dir.resolve("garbage"), "not a signed note\n");
    assertThat(check(older, garbage, "--proof", proof(leaves, 5).toString()).exitCode())
        .isEqualTo(2);
    assertThat(check(garbage, newer).exitCode()).isEqualTo(2);
    assertThat(check(older, dir.resolve("absent")).exitCode()).isEqualTo(2);
    Cli.Result noProof = check(older, newer);
    assertThat(noProof.exitCode()).isEqualTo(2);
    assertThat(noProof.err()).contains("expected --proof FILE or --log URL");
    Path junkProof = Files.writeString(dir.resolve("junk-proof"), "not base64!\n");
    assertThat(check(older, newer, "--proof", junkProof.toString()).exitCode()).isEqualTo(2);
    assertThat(
            check(older, newer, "--proof", proof(leaves, 5).toString(), "--log", "http://x")
                .exitCode())
        .isEqualTo(2);
    assertThat(check(older, newer, "--log", "ftp://x").exitCode()).isEqualTo(2);
    assertThat(
            Cli.run(
                    "audit",
                    "consistency",
                    older.toString(),
                    newer.toString(),
                    "--log-key",
                    "x+1+2")
                .exitCode())
        .isEqualTo(2);
    assertThat(Cli.run("audit", "consistency", older.toString(), newer.toString()).exitCode())
        .isEqualTo(2);
  }

  @Test
  void theProofCanBeFetchedFromTheLog() throws Exception {
    InMemoryConsentStore store = new InMemoryConsentStore();
    ConsentBroker broker = LogFixtures.broker(store, log);
    LogFixtures.append(broker, 3);
    Path older = Files.writeString(dir.resolve("old"), broker.checkpoint());
    LogFixtures.append(broker, 4);
    Path newer = Files.writeString(dir.resolve("new"), broker.checkpoint());
    try (LogServer server = new LogServer(LogServer.of(broker))) {
      Cli.Result ok = check(older, newer, "--log", server.url());
      assertThat(ok.exitCode()).as(ok.out() + ok.err()).isZero();
      assertThat(ok.out()).contains("at tree size 3 is a prefix of tree size 7");

      // the log serves a proof of another tree: inconsistent
      server.serve(LogServer.forged(leaves.subList(0, 7), log));
      Cli.Result forged = check(older, newer, "--log", server.url() + "/");
      assertThat(forged.exitCode()).isEqualTo(3);
      assertThat(forged.out()).startsWith("INVALID: INCONSISTENT");
    }
    String closed;
    try (LogServer gone = new LogServer(LogServer.of(broker))) {
      closed = gone.url();
    }
    Cli.Result unreachable = check(older, newer, "--log", closed);
    assertThat(unreachable.exitCode()).isEqualTo(2);
    assertThat(unreachable.err()).contains("could not reach the log");
  }
}
