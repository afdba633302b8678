package org.mydatakit.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.mydatakit.audit.AuditEntry;
import org.mydatakit.audit.AuditEvent;
import org.mydatakit.audit.AuditEventType;
import org.mydatakit.audit.LoggedEntry;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.DataItem;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.grant.Grant;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.log.CompactRange;
import org.mydatakit.log.LogLeaf;
import org.mydatakit.log.NoteSigner;
import org.mydatakit.log.NoteVerifierKey;
import org.mydatakit.log.TlogProof;
import org.mydatakit.log.TreeNode;
import org.mydatakit.store.jdbc.JdbcConsentStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The verifiable log at 1,000,000 entries on PostgreSQL: what the Merkle tree adds to a broker
 * operation ({@code issueGrant}: its one statement, then the tree's), building a citizen's proof
 * file ({@code logProof}: the entry, the latest checkpoint, ~20 tree nodes in one query), and
 * checking one offline (parse, open the checkpoint with the log key, verify the inclusion proof).
 *
 * <p>The log lives in the schema {@code mydatakit_log_1m}, seeded once (entries, salts and tree
 * nodes written directly, as the store writes them) and reused by later runs; every run appends to
 * it. The tree's own statement is timed through a wrapping data source: the share it takes of each
 * {@code issueGrant} is printed at the end of the trial.
 *
 * <pre>
 * MYDATA_TEST_PG_URL='jdbc:postgresql://127.0.0.1:5432/mydatakit_bench?user=postgres' \
 *   java -jar benchmarks/target/benchmarks.jar LogOnPostgres
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class LogOnPostgres {
  static final long ENTRIES = 1_000_000;
  static final String SCHEMA = "mydatakit_log_1m";
  static final String TREE_STATEMENT = "WITH n AS (INSERT INTO mydatakit_audit_node";

  static final AtomicLong TREE_NANOS = new AtomicLong();
  static final AtomicLong TREE_COUNT = new AtomicLong();
  static final AtomicLong OP_NANOS = new AtomicLong();
  static final AtomicLong OP_COUNT = new AtomicLong();

  private HikariDataSource pool;
  private ConsentBroker broker;
  private ConsentId[] consents;
  private final java.util.concurrent.atomic.AtomicInteger next =
      new java.util.concurrent.atomic.AtomicInteger();
  private String jkt;
  private long size;
  private String proofFile;
  private byte[] proofLeaf;
  private List<NoteVerifierKey> logKey;

  @Setup
  public void setUp() throws Exception {
    String url = System.getenv(Stores.PG_URL_VARIABLE);
    if (url == null || url.isBlank()) {
      throw new IllegalStateException(
          "postgres skipped: set " + Stores.PG_URL_VARIABLE + " to a jdbc:postgresql: URL");
    }
    try (Connection c = java.sql.DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setSchema(SCHEMA);
    config.setMaximumPoolSize(4);
    pool = new HikariDataSource(config);
    JdbcConsentStore store = JdbcConsentStore.builder(timed(pool)).build();
    store.migrate();
    seed(pool);
    NoteSigner signer = NoteSigner.generate("bench.mydatakit.org/log");
    broker =
        ConsentBroker.builder()
            .store(store)
            .signingKeys(SigningKeySet.generate(SigningAlgorithm.ES256))
            .issuer(Grants.ISSUER)
            .pairwiseSubjects(org.mydatakit.consent.PairwiseSubjects.of(new byte[32]))
            .statusListUri(java.net.URI.create(Grants.ISSUER + "/status/1"))
            .logKey(signer)
            .build();
    consents = new ConsentId[BrokerIssueGrant.CONSENTS];
    for (int i = 0; i < consents.length; i++) {
      consents[i] = Brokers.approved(broker, i, DataItem.of(Grants.SELF, Grants.ITEM)).id();
    }
    jkt = DpopKey.generate().thumbprint();
    broker.checkpoint();
    size = store.auditHead().orElseThrow().sequence();
    proofFile = broker.logProof(size / 3).orElseThrow();
    proofLeaf = LogLeaf.leafHashOfExtra(TlogProof.parse(proofFile).extra().orElseThrow());
    logKey = List.of(signer.verifierKey());
  }

  @Setup(Level.Iteration)
  public void resetCounters() {
    TREE_NANOS.set(0);
    TREE_COUNT.set(0);
    OP_NANOS.set(0);
    OP_COUNT.set(0);
  }

  @TearDown(Level.Iteration)
  public void report() {
    if (OP_COUNT.get() > 0 && TREE_COUNT.get() > 0) {
      double op = OP_NANOS.get() / 1e3 / OP_COUNT.get();
      double tree = TREE_NANOS.get() / 1e3 / TREE_COUNT.get();
      System.out.printf(
          "%n  issueGrant %.1f µs, of which the tree's statement %.1f µs (%.1f %%) over %d ops%n",
          op, tree, 100 * tree / op, OP_COUNT.get());
    }
  }

  @TearDown
  public void tearDown() {
    pool.close();
  }

  /** One grant: the broker's one statement on PostgreSQL, then the tree's. */
  @Benchmark
  public Grant issueGrant() {
    long start = System.nanoTime();
    ConsentId consent = consents[Math.floorMod(next.getAndIncrement(), consents.length)];
    Grant grant = broker.issueGrant(consent, Grants.SELF, jkt);
    OP_NANOS.addAndGet(System.nanoTime() - start);
    OP_COUNT.incrementAndGet();
    return grant;
  }

  /** A citizen's proof file for a random entry among the first million. */
  @Benchmark
  public String logProof() {
    return broker.logProof(1 + ThreadLocalRandom.current().nextLong(ENTRIES)).orElseThrow();
  }

  /** Checking a proof file offline: parse, open the checkpoint (Ed25519), verify the inclusion. */
  @Benchmark
  public Object verifyProofFile() {
    return TlogProof.parse(proofFile)
        .verify(proofLeaf, "bench.mydatakit.org/log", logKey, List.of());
  }

  /** Writes {@value #ENTRIES} entries with their salts and tree nodes, unless they are there. */
  static void seed(DataSource db) throws SQLException {
    try (Connection c = db.getConnection()) {
      long head;
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT seq FROM mydatakit_audit_head WHERE id = 1")) {
        rs.next();
        head = rs.getLong(1);
      }
      if (head >= ENTRIES) {
        return;
      }
      if (head != 0) {
        throw new IllegalStateException(
            "schema " + SCHEMA + " holds " + head + " entries: drop it and run again");
      }
      c.setAutoCommit(false);
      SecureRandom random = new SecureRandom();
      CompactRange tree = CompactRange.empty();
      AuditEntry previous = null;
      Instant at = Instant.parse("2026-01-01T00:00:00Z");
      HexFormat hex = HexFormat.of();
      try (PreparedStatement entries =
              c.prepareStatement(
                  "INSERT INTO mydatakit_audit (seq, consent_id, at_ms, type, actor, details,"
                      + " prev_hash, hash, salt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
          PreparedStatement nodes =
              c.prepareStatement(
                  "INSERT INTO mydatakit_audit_node (lvl, idx, hash) VALUES (?, ?, ?)")) {
        for (long i = 1; i <= ENTRIES; i++) {
          String transactionId = String.format("KBBANK%014d", i);
          Map<String, String> details = Map.of("provider", "NHIS", "transactionId", transactionId);
          AuditEvent event =
              AuditEvent.of(
                  at.plusMillis(i),
                  AuditEventType.DATA_FETCHED,
                  ConsentId.generate(at.plusMillis(i)),
                  "consumer:KB-BANK",
                  details);
          AuditEntry entry = previous == null ? AuditEntry.first(event) : previous.next(event);
          byte[] salt = new byte[LogLeaf.SALT_LENGTH];
          random.nextBytes(salt);
          entries.setLong(1, entry.sequence());
          entries.setString(2, event.consentId().toString());
          entries.setLong(3, event.at().toEpochMilli());
          entries.setString(4, event.type().name());
          entries.setString(5, event.actor());
          entries.setString(
              6, "{\"provider\":\"NHIS\",\"transactionId\":\"" + transactionId + "\"}");
          entries.setString(7, entry.previousHash());
          entries.setString(8, entry.hash());
          entries.setString(9, hex.formatHex(salt));
          entries.addBatch();
          for (TreeNode node : tree.append(new LoggedEntry(entry, salt).leafHash())) {
            nodes.setInt(1, node.id().level());
            nodes.setLong(2, node.id().index());
            nodes.setString(3, hex.formatHex(node.hash()));
            nodes.addBatch();
          }
          previous = entry;
          if (i % 5_000 == 0) {
            entries.executeBatch();
            nodes.executeBatch();
            c.commit();
          }
        }
        entries.executeBatch();
        nodes.executeBatch();
      }
      StringBuilder edge = new StringBuilder();
      tree.hashes().forEach(h -> edge.append(hex.formatHex(h)));
      try (PreparedStatement update =
          c.prepareStatement(
              "UPDATE mydatakit_audit_head SET seq = ?, prev_hash = ?, hash = ?, edge = ? WHERE"
                  + " id = 1")) {
        update.setLong(1, previous.sequence());
        update.setString(2, previous.previousHash());
        update.setString(3, previous.hash());
        update.setString(4, edge.toString());
        update.executeUpdate();
      }
      c.commit();
      try (Statement s = c.createStatement()) {
        c.setAutoCommit(true);
        s.execute("ANALYZE mydatakit_audit");
        s.execute("ANALYZE mydatakit_audit_node");
      }
    }
  }

  /** A data source whose tree statements are timed into {@link #TREE_NANOS}. */
  static DataSource timed(DataSource inner) {
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              Object result = invoke(inner, method, args);
              return result instanceof Connection c ? timedConnection(c) : result;
            });
  }

  private static Connection timedConnection(Connection inner) {
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              Object result = invoke(inner, method, args);
              if (result instanceof PreparedStatement ps
                  && method.getName().equals("prepareStatement")
                  && args[0] instanceof String sql
                  && sql.startsWith(TREE_STATEMENT)) {
                return timedStatement(ps);
              }
              return result;
            });
  }

  private static PreparedStatement timedStatement(PreparedStatement inner) {
    return (PreparedStatement)
        Proxy.newProxyInstance(
            PreparedStatement.class.getClassLoader(),
            new Class<?>[] {PreparedStatement.class},
            (proxy, method, args) -> {
              if (!method.getName().startsWith("execute")) {
                return invoke(inner, method, args);
              }
              long start = System.nanoTime();
              try {
                return invoke(inner, method, args);
              } finally {
                TREE_NANOS.addAndGet(System.nanoTime() - start);
                TREE_COUNT.incrementAndGet();
              }
            });
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
