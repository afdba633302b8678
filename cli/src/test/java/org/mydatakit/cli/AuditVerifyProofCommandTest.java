package org.mydatakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mydatakit.log.Checkpoint;
import org.mydatakit.log.LogLeaf;
import org.mydatakit.log.MerkleTree;
import org.mydatakit.log.NoteSigner;
import org.mydatakit.log.TlogProof;

/**
 * {@code audit verify-proof} on proof files of a ten-entry log signed here, and on a published,
 * witness-cosigned vector: 0 when it verifies, 3 when it does not, 2 for unreadable input.
 */
class AuditVerifyProofCommandTest {
  private static final String ORIGIN = "broker.example/log";

  @TempDir Path dir;

  private final NoteSigner log = NoteSigner.generate(ORIGIN);
  private final List<byte[]> salts = new ArrayList<>();
  private final List<byte[]> events = new ArrayList<>();
  private final List<byte[]> leaves = new ArrayList<>();

  AuditVerifyProofCommandTest() {
    for (int i = 0; i < 10; i++) {
      byte[] salt = new byte[32];
      Arrays.fill(salt, (byte) (i + 1));
      byte[] event =
          ("{\"seq\":" + i + ",\"type\":\"CONSENT_APPROVED\"}").getBytes(StandardCharsets.UTF_8);
      salts.add(salt);
      events.add(event);
      leaves.add(LogLeaf.leafHash(salt, event));
    }
  }

  private String signedCheckpoint() {
    return log.sign(Checkpoint.of(ORIGIN, leaves.size(), MerkleTree.root(leaves)).text());
  }

  private Path proofFile(int index, byte[] event, String checkpoint) throws IOException {
    TlogProof proof =
        TlogProof.of(
            LogLeaf.extra(salts.get(index), event),
            index,
            MerkleTree.inclusionProof(leaves, index),
            checkpoint);
    Path file = dir.resolve("entry-" + index + ".proof");
    Files.writeString(file, proof.text());
    return file;
  }

  private Path proofFile(int index) throws IOException {
    return proofFile(index, events.get(index), signedCheckpoint());
  }

  private String logKey() {
    return log.verifierKey().toString();
  }

  @Test
  void aCitizensProofFileVerifiesWithTheLogKeyAlone() throws Exception {
    Cli.Result result =
        Cli.run("audit", "verify-proof", proofFile(3).toString(), "--log-key", logKey());
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).startsWith("OK entry 3 of broker.example/log at tree size 10");
  }

  @Test
  void aChangedEventAnotherLeafOrAnotherLogKeyIsInvalid() throws Exception {
    byte[] changed = "{\"seq\":3,\"type\":\"CONSENT_REVOKED\"}".getBytes(StandardCharsets.UTF_8);
    Cli.Result event =
        Cli.run(
            "audit",
            "verify-proof",
            proofFile(3, changed, signedCheckpoint()).toString(),
            "--log-key",
            logKey());
    assertThat(event.exitCode()).isEqualTo(3);
    assertThat(event.out()).startsWith("INVALID: INCLUSION_FAILED");

    Cli.Result leaf =
        Cli.run(
            "audit",
            "verify-proof",
            proofFile(3).toString(),
            "--log-key",
            logKey(),
            "--leaf-hash",
            HexFormat.of().formatHex(leaves.get(4)));
    assertThat(leaf.exitCode()).isEqualTo(3);

    Cli.Result stranger =
        Cli.run(
            "audit",
            "verify-proof",
            proofFile(3).toString(),
            "--log-key",
            NoteSigner.generate(ORIGIN).verifierKey().toString());
    assertThat(stranger.exitCode()).isEqualTo(3);
    assertThat(stranger.out()).startsWith("INVALID: NO_VERIFIED_SIGNATURE");
  }

  @Test
  void aRewrittenCheckpointIsInvalid() throws Exception {
    String genuine = signedCheckpoint();
    String otherRoot =
        java.util.Base64.getEncoder().encodeToString(MerkleTree.root(leaves.subList(0, 9)));
    String[] lines = genuine.split("\n", -1);
    String tampered = genuine.replace(lines[2], otherRoot);
    Cli.Result result =
        Cli.run(
            "audit",
            "verify-proof",
            proofFile(3, events.get(3), tampered).toString(),
            "--log-key",
            logKey());
    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.out()).startsWith("INVALID: BAD_SIGNATURE");
  }

  @Test
  void aRequiredWitnessMustHaveCosigned() throws Exception {
    Cli.Result missing =
        Cli.run(
            "audit",
            "verify-proof",
            proofFile(3).toString(),
            "--log-key",
            logKey(),
            "--witness",
            "EnochRoot+d75d1412+BDtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop");
    assertThat(missing.exitCode()).isEqualTo(3);
    assertThat(missing.out()).startsWith("INVALID: WITNESS_POLICY_FAILED");

    // a published vector: leaf 5 of the reference tree, cosigned by EnochRoot (type 0x04)
    Path cosigned = dir.resolve("cosigned.proof");
    Files.writeString(
        cosigned,
        "c2sp.org/tlog-proof@v1\nextra NDA0MTQyNDMgaXMgbGVhZiA1\nindex 5\n"
            + "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=\n"
            + "yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=\n"
            + "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=\n\n"
            + COSIGNED_CHECKPOINT);
    Cli.Result ok =
        Cli.run(
            "audit",
            "verify-proof",
            cosigned.toString(),
            "--log-key",
            "localhost.localdev/sumdb+00000c67+AcTrnkbUA+TU4heY3hkjiSES/DSQniBqIeQ/YppAUtK6",
            "--witness",
            "EnochRoot+d75d1412+BDtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop",
            "--leaf-hash",
            "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658");
    assertThat(ok.exitCode()).as(ok.out() + ok.err()).isZero();
    assertThat(ok.out()).contains("cosigned by 1 witness(es)");
  }

  @Test
  void unreadableInputIsAUsageError() throws Exception {
    Path junk = dir.resolve("junk.proof");
    Files.writeString(junk, "not a proof\n\n");
    assertThat(Cli.run("audit", "verify-proof", junk.toString(), "--log-key", logKey()).exitCode())
        .isEqualTo(2);
    assertThat(
            Cli.run(
                    "audit",
                    "verify-proof",
                    dir.resolve("absent").toString(),
                    "--log-key",
                    logKey())
                .exitCode())
        .isEqualTo(2);
    assertThat(
            Cli.run("audit", "verify-proof", proofFile(1).toString(), "--log-key", "nope+1+2")
                .exitCode())
        .isEqualTo(2);
    assertThat(
            Cli.run(
                    "audit",
                    "verify-proof",
                    proofFile(1).toString(),
                    "--log-key",
                    logKey(),
                    "--leaf-hash",
                    "abc")
                .exitCode())
        .isEqualTo(2);
  }

  private static final String COSIGNED_CHECKPOINT = CosignedVector.CHECKPOINT;
}
