package org.mydatakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.HexFormat;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mydatakit.audit.LoggedEntry;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.log.CompactRange;
import org.mydatakit.log.NodeId;
import org.mydatakit.log.NoteSigner;
import org.mydatakit.store.jdbc.Databases;
import org.mydatakit.store.jdbc.JdbcConsentStore;

/**
 * {@code audit verify --store URL --log-key VKEY} checks the log's tree and every kept checkpoint:
 * the tail cut with the later checkpoints overwritten with junk — which the chain alone calls
 * intact — is BROKEN; with them deleted too, a witness's copy ({@code --published}) still shows the
 * cut.
 */
class AuditVerifyTreeTest {
  @TempDir Path dir;
  private final NoteSigner logKey = NoteSigner.generate(LogFixtures.ORIGIN);
  private String url;
  private DataSource db;
  private JdbcConsentStore store;
  private String tenth;
  private ConsentBroker broker;

  @BeforeEach
  void tenEntriesWithCheckpointsEveryTwo() {
    url = "jdbc:h2:file:" + dir.resolve("broker").toAbsolutePath();
    db = Databases.fromUrl(url);
    store = JdbcConsentStore.builder(db).build();
    store.migrate();
    broker = LogFixtures.broker(store, logKey);
    for (int i = 0; i < 5; i++) {
      LogFixtures.append(broker, 2);
      tenth = broker.checkpoint();
    }
  }

  private Cli.Result verify(String... more) {
    String[] args = new String[5 + more.length];
    args[0] = "audit";
    args[1] = "verify";
    args[2] = "--store";
    args[3] = url;
    args[4] = "--log-key=" + logKey.verifierKey();
    System.arraycopy(more, 0, args, 5, more.length);
    return Cli.run(args);
  }

  @Test
  void anIntactLogVerifies() {
    Cli.Result ok = verify();
    assertThat(ok.exitCode()).as(ok.err()).isZero();
    assertThat(ok.out()).isEqualTo("OK 10 entries\n");
  }

  @Test
  void aCitizensProofFileFromTheBrokerVerifiesWithTheLogKeyAlone() throws Exception {
    var consent = store.logged(6, 1).get(0).entry().event().consentId();
    java.util.List<String> files = broker.logProofs(consent);
    assertThat(files).hasSize(1);
    Path file = dir.resolve("my-entry.proof");
    Files.writeString(file, files.get(0));
    Cli.Result ok =
        Cli.run(
            "audit", "verify-proof", file.toString(), "--log-key", logKey.verifierKey().toString());
    assertThat(ok.exitCode()).as(ok.err()).isZero();
    assertThat(ok.out()).startsWith("OK entry 6 of broker.example/log at tree size 10");
    Cli.Result stranger =
        Cli.run(
            "audit",
            "verify-proof",
            file.toString(),
            "--log-key",
            NoteSigner.generate(LogFixtures.ORIGIN).verifierKey().toString());
    assertThat(stranger.exitCode()).isEqualTo(3);
  }

  @Test
  void theTailCutWithTheLaterCheckpointsOverwrittenIsBroken() throws Exception {
    cutTailTo(6);
    sql("UPDATE mydatakit_log_checkpoint SET note = 'junk' WHERE tree_size > 6");
    Cli.Result chainOnly = Cli.run("audit", "verify", "--store", url);
    assertThat(chainOnly.exitCode()).as("the chain alone sees nothing").isZero();

    Cli.Result result = verify();
    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.out())
        .startsWith("BROKEN at 7: the log ends at entry 6 before checkpoint 10");
  }

  @Test
  void theTailCutWithTheLaterCheckpointsDeletedIsBrokenAgainstAWitnesssCopy() throws Exception {
    cutTailTo(6);
    sql("DELETE FROM mydatakit_log_checkpoint WHERE tree_size > 6");
    assertThat(verify().exitCode()).as("the store alone looks whole").isZero();

    Path witnessed = dir.resolve("last-cosigned.note");
    Files.writeString(witnessed, tenth);
    Cli.Result result = verify("--published", witnessed.toString());
    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.out())
        .startsWith("BROKEN at 7: the log ends at entry 6 before checkpoint 10");
  }

  @Test
  void aWrongKeyOrAnExportWithALogKeyIsRefused() throws Exception {
    Cli.Result wrong =
        Cli.run(
            "audit",
            "verify",
            "--store",
            url,
            "--log-key=" + NoteSigner.generate(LogFixtures.ORIGIN).verifierKey());
    assertThat(wrong.exitCode()).isEqualTo(3);
    assertThat(wrong.out()).startsWith("BROKEN at 2: a kept checkpoint of size 2 does not verify");

    Path export = dir.resolve("audit.jsonl");
    Files.writeString(export, "");
    Cli.Result usage =
        Cli.run("audit", "verify", export.toString(), "--log-key=" + logKey.verifierKey());
    assertThat(usage.exitCode()).isEqualTo(2);
    assertThat(usage.err()).contains("use --store URL");
  }

  /** What someone with write access does: drop the entries after {@code size}, mend the head. */
  private void cutTailTo(long size) throws Exception {
    LoggedEntry last = store.logged(size - 1, 1).get(0);
    StringBuilder edge = new StringBuilder();
    var nodes = store.treeNodes(CompactRange.edge(size));
    for (NodeId id : CompactRange.edge(size)) {
      edge.append(HexFormat.of().formatHex(nodes.get(id)));
    }
    sql("DELETE FROM mydatakit_audit WHERE seq > " + size);
    sql("DELETE FROM mydatakit_audit_node WHERE idx * POWER(2, lvl) >= " + size);
    try (Connection c = db.getConnection();
        PreparedStatement update =
            c.prepareStatement(
                "UPDATE mydatakit_audit_head SET seq = ?, prev_hash = ?, hash = ?, edge = ?"
                    + " WHERE id = 1")) {
      update.setLong(1, size);
      update.setString(2, last.entry().previousHash());
      update.setString(3, last.entry().hash());
      update.setString(4, edge.toString());
      update.executeUpdate();
    }
  }

  private void sql(String sql) throws Exception {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
