package org.mydatakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mydatakit.audit.LoggedEntry;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.log.NoteSigner;
import org.mydatakit.store.jdbc.Databases;
import org.mydatakit.store.jdbc.JdbcConsentStore;

/**
 * {@code audit checkpoint} and {@code audit prove} on an H2 store a real broker wrote: the kept
 * checkpoint is printed as signed, and a proof file made from the store's tree nodes verifies with
 * {@code audit verify-proof} and the log key alone; a byte changed in it does not.
 */
class AuditProveCommandTest {
  @TempDir Path dir;
  private final NoteSigner logKey = NoteSigner.generate(LogFixtures.ORIGIN);
  private String url;
  private JdbcConsentStore store;
  private ConsentBroker broker;

  @BeforeEach
  void brokerWithFiveEntries() {
    url = "jdbc:h2:file:" + dir.resolve("broker").toAbsolutePath();
    store = JdbcConsentStore.builder(Databases.fromUrl(url)).build();
    store.migrate();
    broker = LogFixtures.broker(store, logKey);
    LogFixtures.append(broker, 5);
  }

  private String vkey() {
    return logKey.verifierKey().toString();
  }

  @Test
  void checkpointPrintsTheLatestKeptNoteAndVerifiesItAgainstTheStoresTree() throws Exception {
    Cli.Result none = Cli.run("audit", "checkpoint", "--store", url);
    assertThat(none.exitCode()).isEqualTo(3);
    assertThat(none.out()).isEmpty();
    assertThat(none.err()).contains("keeps no signed checkpoint yet");

    String note = broker.checkpoint();
    Cli.Result printed = Cli.run("audit", "checkpoint", "--store", url);
    assertThat(printed.exitCode()).as(printed.err()).isZero();
    assertThat(printed.out()).isEqualTo(note);

    Cli.Result verified = Cli.run("audit", "checkpoint", "--store", url, "--log-key", vkey());
    assertThat(verified.exitCode()).as(verified.err()).isZero();
    assertThat(verified.out()).isEqualTo(note);

    Cli.Result stranger =
        Cli.run(
            "audit",
            "checkpoint",
            "--store",
            url,
            "--log-key",
            NoteSigner.generate(LogFixtures.ORIGIN).verifierKey().toString());
    assertThat(stranger.exitCode()).isEqualTo(3);
    assertThat(stranger.out()).isEmpty();
    assertThat(stranger.err()).contains("INVALID: NO_VERIFIED_SIGNATURE");

    // a leaf rewritten in the store's tree: the root at the checkpoint's size differs
    try (Connection c = Databases.fromUrl(url).getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "UPDATE mydatakit_audit_node SET hash = '"
              + "0".repeat(64)
              + "' WHERE lvl = 0 AND idx = 4");
    }
    Cli.Result rewritten = Cli.run("audit", "checkpoint", "--store", url, "--log-key", vkey());
    assertThat(rewritten.exitCode()).isEqualTo(3);
    assertThat(rewritten.err()).contains("has another root than the checkpoint");
    assertThat(Cli.run("audit", "checkpoint", "--store", url).exitCode())
        .as("without a key it only prints")
        .isZero();
  }

  @Test
  void aProofFileFromTheStoreVerifiesWithTheLogKeyAndNotOnceTampered() throws Exception {
    broker.checkpoint();
    Path file = dir.resolve("entry-3.proof");
    Cli.Result prove =
        Cli.run("audit", "prove", "--store", url, "--entry", "3", "--out", file.toString());
    assertThat(prove.exitCode()).as(prove.err()).isZero();
    assertThat(prove.out())
        .isEqualTo("wrote the proof of entry 3 at tree size 5 to " + file + "\n");
    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    String proof = Files.readString(file);
    assertThat(proof).isEqualTo(broker.logProof(3).orElseThrow()).endsWith(broker.checkpoint());
    // nothing of the entry or its salt is printed
    LoggedEntry entry = store.logged(2, 1).get(0);
    for (String printed : new String[] {prove.out(), prove.err()}) {
      assertThat(printed)
          .doesNotContain(Base64.getEncoder().encodeToString(entry.salt()))
          .doesNotContain(HexFormat.of().formatHex(entry.salt()))
          .doesNotContain(entry.entry().event().consentId().toString());
    }

    Cli.Result ok = Cli.run("audit", "verify-proof", file.toString(), "--log-key", vkey());
    assertThat(ok.exitCode()).as(ok.out() + ok.err()).isZero();
    assertThat(ok.out()).startsWith("OK entry 2 of broker.example/log at tree size 5");

    // one byte of the inclusion proof changed (canonical base64 still): the proof fails
    String[] lines = proof.split("\n", -1);
    int hashLine = 3; // header, extra, index, then the hashes
    char first = lines[hashLine].charAt(0);
    lines[hashLine] = (first == 'A' ? 'B' : 'A') + lines[hashLine].substring(1);
    Path tampered = Files.writeString(dir.resolve("tampered.proof"), String.join("\n", lines));
    Cli.Result bad = Cli.run("audit", "verify-proof", tampered.toString(), "--log-key", vkey());
    assertThat(bad.exitCode()).isEqualTo(3);
    assertThat(bad.out()).startsWith("INVALID: INCLUSION_FAILED");
  }

  @Test
  void anEntryNoKeptCheckpointCoversOrNoEntryAtAllIsRefused() throws Exception {
    Path file = dir.resolve("p.proof");
    Cli.Result none =
        Cli.run("audit", "prove", "--store", url, "--entry", "1", "--out", file.toString());
    assertThat(none.exitCode()).isEqualTo(3);
    assertThat(none.err()).contains("it keeps none").contains("run a checkpoint first");

    broker.checkpoint();
    LogFixtures.append(broker, 2);
    Cli.Result after =
        Cli.run("audit", "prove", "--store", url, "--entry", "7", "--out", file.toString());
    assertThat(after.exitCode()).isEqualTo(3);
    assertThat(after.err())
        .contains("covers entry 7 (the latest is of size 5)")
        .contains("run a checkpoint first");

    Cli.Result missing =
        Cli.run("audit", "prove", "--store", url, "--entry", "99", "--out", file.toString());
    assertThat(missing.exitCode()).isEqualTo(3);
    assertThat(missing.err()).contains("no entry 99");
    assertThat(file).doesNotExist();

    assertThat(
            Cli.run("audit", "prove", "--store", url, "--entry", "0", "--out", file.toString())
                .exitCode())
        .isEqualTo(2);
    assertThat(Cli.run("audit", "prove", "--entry", "1", "--out", file.toString()).exitCode())
        .isEqualTo(2);
    assertThat(Cli.run("audit", "prove", "--store", url, "--entry", "1").exitCode()).isEqualTo(2);
    assertThat(
            Cli.run(
                    "audit",
                    "prove",
                    "--store",
                    url,
                    "--entry",
                    "1",
                    "--out",
                    dir.resolve("no/such/dir/p.proof").toString())
                .exitCode())
        .isEqualTo(2);
  }
}
