package org.mydatakit.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mydatakit.audit.AuditCheckpoint;
import org.mydatakit.audit.AuditEntry;
import org.mydatakit.audit.AuditEvent;
import org.mydatakit.audit.AuditEventType;
import org.mydatakit.audit.AuditVerification;
import org.mydatakit.audit.LoggedEntry;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.broker.ConsentRequest;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.LegalBasis;
import org.mydatakit.consent.Purpose;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.log.Checkpoint;
import org.mydatakit.log.MerkleTree;
import org.mydatakit.log.NoteSigner;
import org.mydatakit.log.SignedNote;
import org.mydatakit.log.TlogProof;
import org.mydatakit.store.tck.StoreFixtures;

/**
 * The verifiable log on the embedded H2 store, attacked the way someone with write access to the
 * database would: cut the tail, overwrite or delete the later checkpoints, rewrite a middle entry
 * and recompute the chain, rotate the log key; and an earlier chain carried over by the migration.
 */
class VerifiableLogTest {
  private static final SigningKeySet KEYS = SigningKeySet.generate(SigningAlgorithm.ES256);
  private static final NoteSigner LOG_KEY = NoteSigner.generate("broker.example/log");

  private Path file;
  private DataSource db;
  private JdbcConsentStore store;

  @BeforeEach
  void setUp() throws Exception {
    file = TestDatabases.h2File();
    db = Databases.h2File(file);
    store = JdbcConsentStore.builder(db).build();
  }

  private ConsentBroker broker(NoteSigner logKey, NoteSigner... retired) {
    var b =
        ConsentBroker.builder()
            .store(store)
            .signingKeys(KEYS)
            .issuer("https://broker.example")
            .pairwiseSubjects(StoreFixtures.SUBJECTS)
            .statusListUri(URI.create("https://broker.example/status/1"))
            .checkpointEvery(2)
            .logKey(logKey);
    for (NoteSigner r : retired) {
      b.retiredLogKeys(r.verifierKey());
    }
    return b.build();
  }

  /** Five consents requested and approved: ten entries, checkpoints at 2, 4, 6, 8, 10. */
  private ConsentBroker tenEntries() {
    store.migrate();
    ConsentBroker broker = broker(LOG_KEY);
    for (int i = 0; i < 5; i++) {
      Consent requested = broker.request(request(), StoreFixtures.citizen(i), "log-" + i);
      broker.approve(
          requested.id(), StoreFixtures.citizen(i), StoreFixtures.evidence(Instant.now()));
    }
    assertThat(store.logCheckpoints()).hasSize(5);
    assertThat(broker.verifyAudit().intact()).isTrue();
    return broker;
  }

  @Test
  void cuttingTheTailAndOverwritingTheLaterCheckpointsIsBroken() throws Exception {
    ConsentBroker running = tenEntries();
    cutTailTo(6);
    sql("UPDATE mydatakit_log_checkpoint SET note = 'junk' WHERE tree_size > 6");

    AuditVerification restarted = broker(LOG_KEY).verifyAudit(); // a new process, same log key
    assertThat(restarted.intact()).isFalse();
    assertThat(restarted.firstBrokenSequence()).hasValue(7);
    assertThat(restarted.why()).contains("the log ends at entry 6 before checkpoint 10");

    AuditVerification same = running.verifyAudit();
    assertThat(same.intact()).isFalse();
    assertThat(same.firstBrokenSequence()).hasValue(7);

    // the junk alone, with every entry there, breaks the log at the first junk checkpoint
    sql("DELETE FROM mydatakit_log_checkpoint WHERE tree_size = 10");
    sql("UPDATE mydatakit_log_checkpoint SET tree_size = 5 WHERE tree_size = 8");
    AuditVerification junk = broker(LOG_KEY).verifyAudit();
    assertThat(junk.firstBrokenSequence()).hasValue(5);
    assertThat(junk.why()).contains("of size 5 does not verify with the log's keys");
  }

  @Test
  void cuttingTheTailWithTheCheckpointsKeptIsBroken() throws Exception {
    tenEntries();
    cutTailTo(6);
    AuditVerification result = broker(LOG_KEY).verifyAudit();
    assertThat(result.intact()).isFalse();
    assertThat(result.firstBrokenSequence()).hasValue(7);
    assertThat(result.why()).contains("the log ends at entry 6 before checkpoint 10");
  }

  @Test
  void cuttingTheTailAndDeletingTheLaterCheckpointsIsBrokenForTheBrokerThatSignedThem()
      throws Exception {
    ConsentBroker running = tenEntries();
    cutTailTo(6);
    sql("DELETE FROM mydatakit_log_checkpoint WHERE tree_size > 6");
    AuditVerification result = running.verifyAudit();
    assertThat(result.intact()).isFalse();
    assertThat(result.why()).contains("before checkpoint 10");
    // A new process sees a consistent, shorter log: only an outside copy of checkpoint 10 (a
    // witness's state, a citizen's proof file) shows the cut — the witness tests prove that.
    assertThat(broker(LOG_KEY).verifyAudit().intact()).isTrue();
  }

  @Test
  void aMiddleEntryRewrittenWithTheChainRecomputedIsBroken() throws Exception {
    tenEntries();
    List<AuditEntry> log = new ArrayList<>();
    store.auditLog().forEach(log::add);
    try (Connection c = db.getConnection()) {
      String previous = log.get(1).hash();
      for (int i = 2; i < log.size(); i++) {
        AuditEntry old = log.get(i);
        AuditEvent event =
            i == 2
                ? AuditEvent.of(
                    old.event().at(),
                    old.event().type(),
                    old.event().consentId(),
                    "operator:mallory",
                    old.event().details())
                : old.event();
        AuditEntry rewritten = AuditEntry.seal(old.sequence(), event, previous);
        try (PreparedStatement update =
            c.prepareStatement(
                "UPDATE mydatakit_audit SET actor = ?, prev_hash = ?, hash = ? WHERE seq = ?")) {
          update.setString(1, event.actor());
          update.setString(2, rewritten.previousHash());
          update.setString(3, rewritten.hash());
          update.setLong(4, rewritten.sequence());
          update.executeUpdate();
        }
        previous = rewritten.hash();
      }
    }
    AuditVerification result = broker(LOG_KEY).verifyAudit();
    assertThat(result.intact()).isFalse();
    assertThat(result.firstBrokenSequence()).hasValue(4);
    assertThat(result.why()).contains("does not match its signed checkpoint");
  }

  @Test
  void checkpointsOfARetiredLogKeyVerifyOnlyFromTheArchive() {
    tenEntries();
    NoteSigner next = NoteSigner.generate("broker.example/log");
    assertThat(broker(next, LOG_KEY).verifyAudit().intact()).isTrue();
    AuditVerification forgotten = broker(next).verifyAudit();
    assertThat(forgotten.intact()).isFalse();
    assertThat(forgotten.firstBrokenSequence()).hasValue(2);
    assertThat(forgotten.why()).contains("does not verify");
  }

  @Test
  void aProofFileVerifiesWithTheLogKeyAlone() {
    ConsentBroker broker = tenEntries();
    ConsentId third = store.logged(4, 1).get(0).entry().event().consentId();
    List<String> proofs = broker.logProofs(third);
    assertThat(proofs).hasSize(2);
    for (String text : proofs) {
      TlogProof proof = TlogProof.parse(text);
      byte[] leaf = org.mydatakit.log.LogLeaf.leafHashOfExtra(proof.extra().orElseThrow());
      Checkpoint checked =
          proof.verify(leaf, "broker.example/log", List.of(LOG_KEY.verifierKey()), List.of());
      assertThat(checked.size()).isEqualTo(10);
    }
    assertThat(broker.logProof(11)).isEmpty();
    assertThat(broker.logProof(0)).isEmpty();
  }

  @Test
  void theMigrationCarriesAnEarlierChainOverAndItStillVerifies() throws Exception {
    migrateAnEarlierChain();
  }

  @Test
  void theMigrationCarriesAnEarlierChainOverOnPostgres() throws Exception {
    String schema = TestDatabases.newSchema(); // skips with a message without MYDATA_TEST_PG_URL
    try (var pool = TestDatabases.pool(schema, 2)) {
      db = pool;
      store = JdbcConsentStore.builder(db).build();
      migrateAnEarlierChain();
    } finally {
      TestDatabases.dropSchema(schema);
    }
  }

  private void migrateAnEarlierChain() throws Exception {
    Flyway.configure()
        .dataSource(db)
        .locations("classpath:db/mydatakit")
        .table("mydatakit_schema_history")
        .target("2")
        .load()
        .migrate();
    List<AuditEntry> chain = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      AuditEvent event =
          AuditEvent.of(
              StoreFixtures.T0.plusSeconds(i),
              i % 2 == 0 ? AuditEventType.REQUESTED : AuditEventType.APPROVED,
              ConsentId.generate(StoreFixtures.T0),
              "citizen",
              Map.of());
      chain.add(chain.isEmpty() ? AuditEntry.first(event) : chain.get(i - 1).next(event));
    }
    AuditEntry head = chain.get(chain.size() - 1);
    try (Connection c = db.getConnection()) {
      for (AuditEntry e : chain) {
        try (PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO mydatakit_audit (seq, consent_id, at_ms, type, actor, details,"
                    + " prev_hash, hash) VALUES (?, ?, ?, ?, ?, '{}', ?, ?)")) {
          insert.setLong(1, e.sequence());
          insert.setString(2, e.event().consentId().toString());
          insert.setLong(3, e.event().at().toEpochMilli());
          insert.setString(4, e.event().type().name());
          insert.setString(5, e.event().actor());
          insert.setString(6, e.previousHash());
          insert.setString(7, e.hash());
          insert.executeUpdate();
        }
      }
      try (PreparedStatement update =
          c.prepareStatement(
              "UPDATE mydatakit_audit_head SET seq = ?, prev_hash = ?, hash = ? WHERE id = 1")) {
        update.setLong(1, head.sequence());
        update.setString(2, head.previousHash());
        update.setString(3, head.hash());
        update.executeUpdate();
      }
      try (PreparedStatement insert =
          c.prepareStatement("INSERT INTO mydatakit_checkpoint (seq, token) VALUES (?, ?)")) {
        insert.setLong(1, 5);
        insert.setString(
            2,
            AuditCheckpoint.sign(KEYS, "https://broker.example", chain.get(4), Instant.now())
                .token());
        insert.executeUpdate();
      }
    }

    store.migrate();

    List<LoggedEntry> logged = store.logged(0, 100);
    assertThat(logged).extracting(LoggedEntry::entry).containsExactlyElementsOf(chain);
    List<byte[]> leaves = logged.stream().map(LoggedEntry::leafHash).toList();
    ConsentBroker broker = broker(LOG_KEY);
    assertThat(broker.verifyAudit().intact()).as("the old chain and its JWS checkpoint").isTrue();
    Checkpoint now =
        Checkpoint.parse(
            SignedNote.open(broker.checkpoint(), List.of(LOG_KEY.verifierKey())).text());
    assertThat(now.size()).isEqualTo(7);
    assertThat(now.root()).isEqualTo(MerkleTree.root(leaves));
    // and the log grows on from the migrated tree
    Consent requested = broker.request(request(), StoreFixtures.citizen(1), "after");
    assertThat(requested).isNotNull();
    assertThat(broker.verifyAudit().entries()).isEqualTo(8);
    assertThat(broker.verifyAudit().intact()).isTrue();
  }

  private static ConsentRequest request() {
    Instant now = Instant.now();
    return ConsentRequest.builder()
        .consumer(StoreFixtures.KB_BANK)
        .item(DataItem.of(StoreFixtures.NHIS, StoreFixtures.QUALIFICATION))
        .purpose(new Purpose("loan-screening", "대출 심사", LegalBasis.PIPA_35_2))
        .delivery(Delivery.oneTime())
        .validity(now.minusSeconds(60), now.plus(Duration.ofDays(30)))
        .retention(Period.ofYears(1))
        .build();
  }

  /**
   * What an attacker with write access does: drop every entry after {@code size}, mend the head.
   */
  private void cutTailTo(long size) throws Exception {
    LoggedEntry last = store.logged(size - 1, 1).get(0);
    sql("DELETE FROM mydatakit_audit WHERE seq > " + size);
    // the tree's nodes beyond the cut go too, and the head's edge is rebuilt from those that stay
    List<byte[]> edge = new ArrayList<>();
    var ids = org.mydatakit.log.CompactRange.edge(size);
    var nodes = store.treeNodes(ids);
    StringBuilder text = new StringBuilder();
    for (var id : ids) {
      text.append(java.util.HexFormat.of().formatHex(nodes.get(id)));
      edge.add(nodes.get(id));
    }
    sql("DELETE FROM mydatakit_audit_node WHERE idx * POWER(2, lvl) >= " + size);
    try (Connection c = db.getConnection();
        PreparedStatement update =
            c.prepareStatement(
                "UPDATE mydatakit_audit_head SET seq = ?, prev_hash = ?, hash = ?, edge = ?"
                    + " WHERE id = 1")) {
      update.setLong(1, size);
      update.setString(2, last.entry().previousHash());
      update.setString(3, last.entry().hash());
      update.setString(4, text.toString());
      update.executeUpdate();
    }
    assertThat(edge).hasSize(Long.bitCount(size));
  }

  private void sql(String sql) throws Exception {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  @SuppressWarnings("unused")
  private static long count(Connection c, String table) throws Exception {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
