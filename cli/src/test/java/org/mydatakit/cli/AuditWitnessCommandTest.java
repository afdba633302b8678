package org.mydatakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.broker.InMemoryConsentStore;
import org.mydatakit.log.Checkpoint;
import org.mydatakit.log.MerkleTree;
import org.mydatakit.log.NoteCosigner;
import org.mydatakit.log.NoteSigner;
import org.mydatakit.log.NoteVerifierKey;
import org.mydatakit.log.SignedNote;

/**
 * {@code audit witness} against a real broker's log over HTTP: it cosigns a log that grows and
 * hands the cosignature back to the broker; a log that cut its tail, forked, rewrote a middle entry
 * or reordered two — each signed with the log's own key — is refused (exit 3) and the witness's
 * state stays where it was. Nothing it prints holds its private key.
 */
class AuditWitnessCommandTest {
  @TempDir Path dir;
  private final NoteSigner logKey = NoteSigner.generate(LogFixtures.ORIGIN);
  private final InMemoryConsentStore store = new InMemoryConsentStore();
  private Path keyFile;
  private NoteVerifierKey witnessKey;
  private String privateKey;
  private ConsentBroker broker;
  private LogServer server;
  private final List<Cli.Result> runs = new ArrayList<>();

  @BeforeEach
  void witnessAndLog() throws Exception {
    keyFile = dir.resolve("keys/witness.key");
    Cli.Result made =
        Cli.run("audit", "witness-key", "--name", "witness.example", "--out", keyFile.toString());
    assertThat(made.exitCode()).as(made.err()).isZero();
    witnessKey = NoteVerifierKey.parse(made.out().strip());
    privateKey = Files.readString(keyFile).strip();
    assertThat(NoteCosigner.parse(privateKey).verifierKey()).isEqualTo(witnessKey);
    runs.add(made);

    broker = LogFixtures.broker(store, logKey, witnessKey);
    LogFixtures.append(broker, 4);
    server = new LogServer(LogServer.of(broker));
  }

  @AfterEach
  void nothingPrintedHoldsThePrivateKey() {
    server.close();
    String seed = privateKey.split("\\+", 5)[4]; // base64 may hold '+': the fifth part whole
    for (Cli.Result r : runs) {
      assertThat(r.out() + r.err()).doesNotContain(seed).doesNotContain("PRIVATE+KEY");
    }
  }

  private Cli.Result witness() {
    List<String> args =
        new ArrayList<>(
            List.of(
                "audit",
                "witness",
                "--log",
                server.url(),
                "--state",
                dir.resolve("state").toString(),
                "--key",
                keyFile.toString(),
                "--log-key",
                logKey.verifierKey().toString()));
    Cli.Result r = Cli.run(args.toArray(String[]::new));
    runs.add(r);
    return r;
  }

  private Path stateFile() {
    return dir.resolve("state").resolve(AuditWitnessCommand.STATE_FILE);
  }

  private Checkpoint cosignedByTheWitness(String note) {
    assertThat(SignedNote.open(note, List.of(witnessKey)).verified())
        .extracting(SignedNote.NoteSignature::name)
        .containsExactly("witness.example");
    return Checkpoint.parse(SignedNote.open(note, List.of(logKey.verifierKey())).text());
  }

  @Test
  void theWitnessKeyIsWrittenOwnerOnlyAndNeverReplaced() throws Exception {
    assertThat(Files.getPosixFilePermissions(keyFile))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(privateKey).startsWith("PRIVATE+KEY+witness.example+");
    assertThat(witnessKey.isCosignatureKey()).isTrue();
    Cli.Result again =
        Cli.run("audit", "witness-key", "--name", "witness.example", "--out", keyFile.toString());
    runs.add(again);
    assertThat(again.exitCode()).isEqualTo(2);
    assertThat(again.err()).contains("already exists");
    assertThat(Files.readString(keyFile).strip()).isEqualTo(privateKey);
    Cli.Result badName =
        Cli.run(
            "audit", "witness-key", "--name", "two words", "--out", dir.resolve("k").toString());
    assertThat(badName.exitCode()).isEqualTo(2);
    assertThat(dir.resolve("k")).doesNotExist();
  }

  @Test
  void withoutALogKeyTheFirstRunPinsTheServedKeyAndLaterRunsHoldToIt() throws Exception {
    Cli.Result first = witnessAs(null);
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.err()).contains("pinned the log key " + logKey.verifierKey());
    assertThat(Files.readString(dir.resolve("state").resolve(AuditWitnessCommand.KEY_FILE)).strip())
        .isEqualTo(logKey.verifierKey().toString());
    assertThat(cosignedByTheWitness(broker.checkpoint()).size()).isEqualTo(4);

    LogFixtures.append(broker, 2);
    Cli.Result second = witnessAs(null);
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(second.err()).doesNotContain("pinned");
    assertThat(second.out()).contains("size 6");

    // a log now served under another key (same name) is not followed, with or without --log-key
    NoteSigner other = NoteSigner.generate(LogFixtures.ORIGIN);
    server.serve(LogServer.forged(LogFixtures.leaves(store), other));
    Cli.Result swapped = witnessAs(null);
    assertThat(swapped.exitCode()).isEqualTo(3);
    Cli.Result given = witnessAs(other.verifierKey().toString());
    assertThat(given.exitCode()).isEqualTo(2);
    assertThat(given.err()).contains("the state pins another log key");
  }

  private Cli.Result witnessAs(String logKeyOrNull) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "audit",
                "witness",
                "--log",
                server.url(),
                "--state",
                dir.resolve("state").toString(),
                "--key",
                keyFile.toString()));
    if (logKeyOrNull != null) {
      args.add("--log-key");
      args.add(logKeyOrNull);
    }
    Cli.Result r = Cli.run(args.toArray(String[]::new));
    runs.add(r);
    return r;
  }

  @Test
  void aWitnessWithoutAKeyIsToldHowToMakeOne() throws Exception {
    Files.delete(keyFile);
    Cli.Result r = witness();
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("does not exist").contains("audit witness-key --name NAME");
    assertThat(dir.resolve("state")).doesNotExist();

    Files.writeString(keyFile, logKey.privateKey()); // a log key is no witness key
    Cli.Result logKeyGiven = witness();
    assertThat(logKeyGiven.exitCode()).isEqualTo(2);
    assertThat(logKeyGiven.err()).contains("--key: expected a witness key");
    assertThat(logKeyGiven.out() + logKeyGiven.err())
        .doesNotContain(logKey.privateKey().split("\\+", 5)[4]);
  }

  @Test
  void aGrowingLogIsCosignedAndTheBrokerServesTheCosignature() throws Exception {
    Cli.Result first = witness();
    assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
    assertThat(first.out()).isEqualTo("cosigned broker.example/log size 4\n");
    assertThat(cosignedByTheWitness(broker.checkpoint()).size()).isEqualTo(4);
    assertThat(Files.readString(stateFile())).isEqualTo(broker.checkpoint());
    assertThat(Files.getPosixFilePermissions(dir.resolve("state")))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThat(Files.getPosixFilePermissions(stateFile()))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));

    LogFixtures.append(broker, 3);
    Cli.Result grown = witness();
    assertThat(grown.exitCode()).as(grown.out() + grown.err()).isZero();
    assertThat(grown.out()).isEqualTo("cosigned broker.example/log size 7\n");
    assertThat(cosignedByTheWitness(broker.checkpoint()).size()).isEqualTo(7);

    // the log did not grow: nothing to hand over again, the note keeps one cosignature
    Cli.Result same = witness();
    assertThat(same.exitCode()).isZero();
    assertThat(same.out()).contains("cosigned broker.example/log size 7 (the log already carries");
    assertThat(cosignedByTheWitness(broker.checkpoint()).size()).isEqualTo(7);
    assertThat(broker.verifyAudit().intact()).isTrue();
  }

  @Test
  void aTailCutSignedWithTheLogsOwnKeyIsRefused() throws Exception {
    LogFixtures.append(broker, 3);
    assertThat(witness().exitCode()).isZero(); // cosigned size 7
    String kept = Files.readString(stateFile());

    ConsentBroker shorter = LogFixtures.broker(new InMemoryConsentStore(), logKey);
    LogFixtures.append(shorter, 5);
    server.serve(LogServer.of(shorter));
    Cli.Result cut = witness();
    assertThat(cut.exitCode()).isEqualTo(3);
    assertThat(cut.out())
        .startsWith("REFUSED: LOG_SHRANK")
        .contains("the witness stays at broker.example/log size 7");
    assertThat(Files.readString(stateFile())).isEqualTo(kept);
    assertThat(SignedNote.open(shorter.checkpoint(), List.of(logKey.verifierKey())).unverified())
        .as("no cosignature was handed to the cut log")
        .isEmpty();

    // the honest log again, grown: cosigned from where the witness stayed
    server.serve(LogServer.of(broker));
    LogFixtures.append(broker, 2);
    Cli.Result honest = witness();
    assertThat(honest.exitCode()).as(honest.out()).isZero();
    assertThat(honest.out()).isEqualTo("cosigned broker.example/log size 9\n");
  }

  @Test
  void aForkOfTheSameSizeIsRefused() throws Exception {
    LogFixtures.append(broker, 3);
    assertThat(witness().exitCode()).isZero();
    String kept = Files.readString(stateFile());

    ConsentBroker other = LogFixtures.broker(new InMemoryConsentStore(), logKey);
    LogFixtures.append(other, 7);
    server.serve(LogServer.of(other));
    Cli.Result fork = witness();
    assertThat(fork.exitCode()).isEqualTo(3);
    assertThat(fork.out()).startsWith("REFUSED: LOG_FORKED");
    assertThat(Files.readString(stateFile())).isEqualTo(kept);

    // a fork that also grew: no consistency proof from the witness's tree leads to it
    LogFixtures.append(other, 2);
    Cli.Result grownFork = witness();
    assertThat(grownFork.exitCode()).isEqualTo(3);
    assertThat(grownFork.out()).startsWith("REFUSED: INCONSISTENT");
    assertThat(Files.readString(stateFile())).isEqualTo(kept);
  }

  @Test
  void aRewrittenMiddleEntryOrAReorderedPairIsRefused() throws Exception {
    LogFixtures.append(broker, 3);
    assertThat(witness().exitCode()).isZero(); // size 7
    String kept = Files.readString(stateFile());
    List<byte[]> genuine = LogFixtures.leaves(store);
    assertThat(genuine).hasSize(7);
    byte[] extra = MerkleTree.leafHash("appended".getBytes(StandardCharsets.UTF_8));

    List<byte[]> rewritten = new ArrayList<>(genuine);
    rewritten.set(3, MerkleTree.leafHash("rewritten".getBytes(StandardCharsets.UTF_8)));
    server.serve(LogServer.forged(rewritten, logKey));
    Cli.Result sameSize = witness();
    assertThat(sameSize.exitCode()).isEqualTo(3);
    assertThat(sameSize.out()).startsWith("REFUSED: LOG_FORKED");
    rewritten.add(extra);
    rewritten.add(extra);
    server.serve(LogServer.forged(rewritten, logKey));
    Cli.Result rewrite = witness();
    assertThat(rewrite.exitCode()).isEqualTo(3);
    assertThat(rewrite.out()).startsWith("REFUSED: INCONSISTENT");

    List<byte[]> reordered = new ArrayList<>(genuine);
    Collections.swap(reordered, 2, 3);
    reordered.add(extra);
    server.serve(LogServer.forged(reordered, logKey));
    Cli.Result swap = witness();
    assertThat(swap.exitCode()).isEqualTo(3);
    assertThat(swap.out()).startsWith("REFUSED: INCONSISTENT");

    // the genuine leaves, grown, from the same key: consistent, so cosigned
    List<byte[]> extended = new ArrayList<>(genuine);
    extended.add(extra);
    server.serve(LogServer.forged(extended, logKey));
    assertThat(Files.readString(stateFile())).isEqualTo(kept);
    Cli.Result honest = witness();
    assertThat(honest.exitCode())
        .as("cosigned, but the forged log keeps no cosignature: it could not be handed over")
        .isEqualTo(2);
    assertThat(honest.err())
        .contains("cosigned broker.example/log size 8 and kept it")
        .contains("could not hand the cosignature to the log: the log answered HTTP 400");
    // kept before it was handed over: the witness never forgets a checkpoint it may have signed
    assertThat(LogNotes.unverified(Files.readString(stateFile())).size()).isEqualTo(8);
  }

  @Test
  void aCheckpointOfAnotherKeyIsRefusedAndAnUnreachableLogIsReported() throws Exception {
    assertThat(witness().exitCode()).isZero();
    String kept = Files.readString(stateFile());

    server.serve(
        LogServer.forged(LogFixtures.leaves(store), NoteSigner.generate("broker.example/log")));
    Cli.Result stranger = witness();
    assertThat(stranger.exitCode()).isEqualTo(3);
    assertThat(stranger.out()).startsWith("REFUSED: NO_VERIFIED_SIGNATURE");

    server.serve(
        new LogServer.Log() {
          @Override
          public String checkpoint() {
            throw new LogServer.Answer(302, "http://127.0.0.1:1/log/checkpoint");
          }

          @Override
          public List<byte[]> consistency(long oldSize, long newSize) {
            throw new LogServer.Answer(500, null);
          }

          @Override
          public String addCosignature(long size, String line) {
            throw new LogServer.Answer(500, null);
          }
        });
    Cli.Result redirected = witness();
    assertThat(redirected.exitCode()).isEqualTo(2);
    assertThat(redirected.err()).contains("HTTP 302").contains("redirects are not followed");

    String huge = "x".repeat(LogClient.MAX_BODY + 10);
    server.serve(
        new LogServer.Log() {
          @Override
          public String checkpoint() {
            return huge;
          }

          @Override
          public List<byte[]> consistency(long oldSize, long newSize) {
            return List.of();
          }

          @Override
          public String addCosignature(long size, String line) {
            return "";
          }
        });
    Cli.Result tooLarge = witness();
    assertThat(tooLarge.exitCode()).isEqualTo(2);
    assertThat(tooLarge.err()).contains("larger than 1 MB");

    server.close();
    Cli.Result unreachable = witness();
    assertThat(unreachable.exitCode()).isEqualTo(2);
    assertThat(unreachable.err()).contains("could not reach the log");
    assertThat(Files.readString(stateFile())).isEqualTo(kept);
  }

  @Test
  void aStateOfAnotherLogIsAUsageError() throws Exception {
    assertThat(witness().exitCode()).isZero();
    Cli.Result otherKey =
        Cli.run(
            "audit",
            "witness",
            "--log",
            server.url(),
            "--state",
            dir.resolve("state").toString(),
            "--key",
            keyFile.toString(),
            "--log-key",
            NoteSigner.generate("broker.example/log").verifierKey().toString());
    runs.add(otherKey);
    assertThat(otherKey.exitCode()).isEqualTo(2);
    assertThat(otherKey.err()).contains("--log-key: the state pins another log key");
    Cli.Result witnessKeyAsLogKey =
        Cli.run(
            "audit",
            "witness",
            "--log",
            server.url(),
            "--state",
            dir.resolve("state").toString(),
            "--key",
            keyFile.toString(),
            "--log-key",
            witnessKey.toString());
    runs.add(witnessKeyAsLogKey);
    assertThat(witnessKeyAsLogKey.exitCode()).isEqualTo(2);
    assertThat(witnessKeyAsLogKey.err()).contains("expected the log's key (type 0x01)");
  }
}
