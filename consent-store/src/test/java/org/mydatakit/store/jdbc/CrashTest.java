package org.mydatakit.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.zaxxer.hikari.HikariDataSource;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mydatakit.audit.AuditChain;
import org.mydatakit.audit.AuditCheckpoint;
import org.mydatakit.audit.AuditEntry;
import org.mydatakit.audit.AuditEventType;
import org.mydatakit.audit.AuditVerification;
import org.mydatakit.audit.InvalidCheckpointException;
import org.mydatakit.broker.FetchRecord;
import org.mydatakit.broker.GrantRecord;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.ConsentStatus;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.store.tck.StoreFixtures;

/**
 * Durability under SIGKILL: a child JVM ({@link CrashWriter}) writes through a broker until it is
 * killed at a random moment; then every operation it acknowledged must be in the store, and no
 * operation may be there in part (rows and audit entries agree, the audit chain and its signed
 * checkpoints verify). Fifty kills per database, on one database that accumulates, so that each run
 * also starts on a database recovered from the previous kill. {@code -Dcrash.runs=N} changes the
 * number of kills (a quick local run, or a longer soak).
 */
class CrashTest {
  private static final int RUNS = Integer.getInteger("crash.runs", 50);
  private static final long SEED = 20260302L;
  private static final String ISSUER = "https://broker.example";
  private static final SigningKeySet KEYS = SigningKeySet.generate(SigningAlgorithm.ES256);

  @TempDir static Path shared;
  private static Path keys;
  private static List<String> jvm;
  private static String classPath;

  @TempDir Path dir;
  private long readyNanos;

  /**
   * Writes the keys file every writer reads, and lets one writer run a single pass on a throwaway
   * database and exit, recording the classes it loaded in a class-data archive: the hundred killed
   * writers then start in about 60% of the time. (An archive takes jars only, so the class
   * directories of the test class path are copied into jars first.)
   */
  @BeforeAll
  static void keysAndClassArchive() throws Exception {
    keys = shared.resolve("keys.jwks");
    Files.writeString(keys, KEYS.exportPrivateJwks(), StandardCharsets.UTF_8);
    List<String> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      if (Files.isDirectory(path)) {
        Path jar = shared.resolve("classes-" + entries.size() + ".jar");
        jar(path, jar);
        entries.add(jar.toString());
      } else {
        entries.add(entry);
      }
    }
    classPath = String.join(File.pathSeparator, entries);
    Path archive = shared.resolve("crash-writer.jsa");
    List<String> base = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    List<String> command = new ArrayList<>(List.of(java()));
    command.add("-XX:ArchiveClassesAtExit=" + archive);
    command.addAll(base);
    command.addAll(writer("warmup", "-", keys.toString(), "0"));
    Path output = shared.resolve("warmup.out");
    Process warmup =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    try {
      assertThat(warmup.waitFor(120, TimeUnit.SECONDS)).as("warm-up writer exits").isTrue();
      assertThat(warmup.exitValue()).as("warm-up writer: %s", tail(output)).isZero();
    } finally {
      if (warmup.isAlive()) {
        warmup.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
    List<String> options = new ArrayList<>(base);
    if (Files.exists(archive)) {
      options.add("-XX:SharedArchiveFile=" + archive); // ignored if it does not fit (-Xshare:auto)
    }
    jvm = List.copyOf(options);
  }

  /** Copies {@code directory} into {@code jar}, with directory entries (Flyway scans for them). */
  private static void jar(Path directory, Path jar) throws IOException {
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> paths = Files.walk(directory)) {
      for (Path path : (Iterable<Path>) paths.skip(1)::iterator) {
        String name = directory.relativize(path).toString().replace(File.separatorChar, '/');
        boolean isDirectory = Files.isDirectory(path);
        out.putNextEntry(new JarEntry(isDirectory ? name + "/" : name));
        if (!isDirectory) {
          Files.copy(path, out);
        }
        out.closeEntry();
      }
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static List<String> writer(String... args) {
    List<String> command = new ArrayList<>(List.of("-cp", classPath, CrashWriter.class.getName()));
    command.addAll(List.of(args));
    return command;
  }

  @Test
  void h2FileKeepsEveryAcknowledgedWriteThroughFiftyKills() throws Exception {
    Path file = dir.resolve("broker");
    inH2(file, JdbcConsentStore::migrate);
    Ledger ledger = new Ledger();
    Random random = new Random(SEED);
    long start = System.nanoTime();
    for (int run = 0; run < RUNS; run++) {
      List<String> lines =
          crashOnce(List.of("h2", file.toString(), keys.toString(), Integer.toString(run)), random);
      Set<ConsentId> acked = ledger.record(lines, run);
      int r = run;
      inH2(file, store -> ledger.check(store, acked, "H2 after kill " + r));
    }
    inH2(file, store -> ledger.checkEverything(store, "H2 at the end"));
    ledger.report("H2 file", start, readyNanos);
  }

  @Test
  void postgresKeepsEveryAcknowledgedWriteThroughFiftyKills() throws Exception {
    String url = TestDatabases.postgresUrl();
    String schema = TestDatabases.newSchema();
    HikariDataSource pool = null;
    try {
      pool = TestDatabases.pool(schema, 2);
      JdbcConsentStore store = JdbcConsentStore.builder(pool).build();
      store.migrate();
      String childUrl =
          url
              + (url.contains("?") ? "&" : "?")
              + "currentSchema="
              + schema
              + "&ApplicationName="
              + WRITER_APPLICATION;
      Ledger ledger = new Ledger();
      Random random = new Random(SEED);
      long start = System.nanoTime();
      for (int run = 0; run < RUNS; run++) {
        List<String> lines =
            crashOnce(List.of("pg", childUrl, keys.toString(), Integer.toString(run)), random);
        // The server may still commit what the killed writer had sent: check once it is gone.
        awaitWriterGone(pool);
        ledger.check(store, ledger.record(lines, run), "PostgreSQL after kill " + run);
      }
      ledger.checkEverything(store, "PostgreSQL at the end");
      ledger.report("PostgreSQL", start, readyNanos);
    } finally {
      if (pool != null) {
        pool.close();
      }
      TestDatabases.dropSchema(schema);
    }
  }

  private static final String WRITER_APPLICATION = "mydatakit-crash-writer";

  /**
   * Waits until PostgreSQL has ended the killed writer's sessions: a COMMIT it sent just before the
   * kill may still be carried out, and a check made before that would see half a moment.
   */
  private static void awaitWriterGone(DataSource pool) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    try (java.sql.Connection c = pool.getConnection();
        java.sql.PreparedStatement count =
            c.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
      count.setString(1, WRITER_APPLICATION);
      while (true) {
        try (java.sql.ResultSet rs = count.executeQuery()) {
          rs.next();
          if (rs.getInt(1) == 0) {
            return;
          }
        }
        if (System.nanoTime() > deadline) {
          fail("the killed writer's PostgreSQL sessions did not end within 30 s");
        }
        Thread.sleep(20);
      }
    }
  }

  /** Opens the H2 file only while no child runs, and closes it again (H2 locks the file). */
  private static void inH2(Path file, Consumer<JdbcConsentStore> action) {
    DataSource dataSource = Databases.h2File(file);
    try {
      action.accept(JdbcConsentStore.builder(dataSource).build());
    } finally {
      ((JdbcConnectionPool) dataSource).dispose();
    }
  }

  /**
   * Starts the writer, waits for READY, kills it (SIGKILL) after a random 50 to 400 ms and returns
   * the complete lines it printed; a line cut off by the kill is not an acknowledgement.
   */
  private List<String> crashOnce(List<String> args, Random random) throws Exception {
    List<String> command = new ArrayList<>(List.of(java()));
    command.addAll(jvm);
    command.addAll(writer(args.toArray(String[]::new)));
    Path stderr = dir.resolve("child.err");
    long started = System.nanoTime();
    Process child =
        new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.to(stderr.toFile()))
            .start();
    Lines out = new Lines(child.getInputStream());
    try {
      out.start();
      if (!out.ready.await(60, TimeUnit.SECONDS)) {
        fail("the writer did not start: alive=" + child.isAlive() + "\n" + tail(stderr));
      }
      readyNanos += System.nanoTime() - started;
      long delay = 50 + random.nextInt(351);
      Thread.sleep(delay); // the random moment of the kill, not a synchronisation
      if (!child.isAlive()) {
        fail("the writer stopped before it was killed\n" + tail(stderr));
      }
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("killed writer exits").isTrue();
      out.join(TimeUnit.SECONDS.toMillis(30));
      assertThat(out.isAlive()).as("stdout reader done").isFalse();
      return out.lines();
    } finally {
      if (child.isAlive()) {
        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
      child.getInputStream().close();
    }
  }

  private static String tail(Path file) throws IOException {
    if (!Files.exists(file)) {
      return "(no stderr)";
    }
    String text = Files.readString(file, StandardCharsets.UTF_8);
    return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
  }

  /** Reads the child's stdout: complete lines only; counts down {@link #ready} on READY. */
  private static final class Lines extends Thread {
    final CountDownLatch ready = new CountDownLatch(1);
    private final InputStream in;
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    Lines(InputStream in) {
      super("crash-writer-stdout");
      setDaemon(true);
      this.in = new BufferedInputStream(in);
    }

    @Override
    public void run() {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      try {
        for (int b; (b = in.read()) != -1; ) {
          if (b != '\n') {
            line.write(b);
            continue;
          }
          String text = line.toString(StandardCharsets.UTF_8);
          line.reset();
          lines.add(text);
          if (text.equals("READY")) {
            ready.countDown();
          }
        }
      } catch (IOException e) {
        // the pipe closed: the lines read so far are what the child acknowledged
      }
    }

    List<String> lines() {
      synchronized (lines) {
        return List.copyOf(lines);
      }
    }
  }

  /** What the writers acknowledged, and the checks of a store against it. */
  private static final class Ledger {
    private final Map<ConsentId, Acked> acked = new LinkedHashMap<>();
    private final Set<ConsentId> checked = new HashSet<>();
    private int acks;
    private List<String> lastLines = List.of();
    private int runsWithoutAck;
    private long auditEntries;
    private int checkpoints;
    private int consents;

    /** Takes one run's ACK lines; returns the consents they name. */
    Set<ConsentId> record(List<String> lines, int run) {
      lastLines = lines.subList(Math.max(0, lines.size() - 6), lines.size());
      Set<ConsentId> touched = new LinkedHashSet<>();
      for (String line : lines) {
        if (!line.startsWith("ACK ")) {
          continue; // READY, or a console log line
        }
        String[] f = line.split(" ");
        ConsentId id = ConsentId.parse(f[2]);
        Acked a = acked.computeIfAbsent(id, k -> new Acked());
        switch (f[1]) {
          case "request" -> {} // the entry itself: the consent must be stored
          case "approve" -> a.approved = true;
          case "grant" -> a.grants.add(f[3]);
          case "fetch" -> a.fetches.add(f[3]);
          default -> fail("run " + run + ": unexpected line " + line);
        }
        touched.add(id);
        acks++;
      }
      if (touched.isEmpty()) {
        runsWithoutAck++;
      }
      return touched;
    }

    /** The whole audit chain, every consent not checked before, and this run's ACKs. */
    void check(JdbcConsentStore store, Collection<ConsentId> focus, String when) {
      try {
        checkAll(store, focus, when);
      } catch (AssertionError e) {
        throw new AssertionError(
            e.getMessage() + "\nthe last writer's last lines:\n" + String.join("\n", lastLines), e);
      }
    }

    private void checkAll(JdbcConsentStore store, Collection<ConsentId> focus, String when) {
      Map<ConsentId, List<AuditEntry>> events = verifyAudit(store, when);
      Map<ConsentId, Consent> all = consentsAgreeWithAudit(store, events, when);
      Set<ConsentId> deep = new LinkedHashSet<>(focus);
      for (ConsentId id : all.keySet()) {
        if (!checked.contains(id)) {
          deep.add(id);
        }
      }
      for (ConsentId id : deep) {
        Consent consent = all.get(id);
        assertThat(consent).as("%s: acknowledged consent %s is stored", when, id).isNotNull();
        rowsAgreeWithAudit(store, consent, events.getOrDefault(id, List.of()), when);
        Acked a = acked.get(id);
        if (a != null) {
          a.assertStored(store, consent, when);
        }
        checked.add(id);
      }
    }

    /** Every consent and every ACK, once more. */
    void checkEverything(JdbcConsentStore store, String when) {
      checked.clear();
      check(store, acked.keySet(), when);
      consents = checked.size();
    }

    private Map<ConsentId, List<AuditEntry>> verifyAudit(JdbcConsentStore store, String when) {
      List<AuditEntry> entries = store.audit(0, Integer.MAX_VALUE);
      List<AuditCheckpoint> signed = new ArrayList<>();
      for (String token : store.checkpoints()) {
        try {
          signed.add(AuditCheckpoint.verify(token, KEYS.verificationKeys(), ISSUER));
        } catch (InvalidCheckpointException e) {
          throw new AssertionError(when + ": a stored checkpoint does not verify", e);
        }
      }
      AuditVerification verification = AuditChain.verify(entries, signed);
      assertThat(verification.intact()).as("%s: audit chain %s", when, verification).isTrue();
      assertThat(store.auditHead().map(AuditEntry::sequence).orElse(0L))
          .as("%s: audit head is the last entry", when)
          .isEqualTo(entries.size());
      auditEntries = entries.size();
      checkpoints = signed.size();
      Map<ConsentId, List<AuditEntry>> byConsent = new HashMap<>();
      for (AuditEntry e : entries) {
        byConsent.computeIfAbsent(e.event().consentId(), k -> new ArrayList<>()).add(e);
      }
      return byConsent;
    }

    /** Each consent has audit entries and each audit entry has its consent. */
    private static Map<ConsentId, Consent> consentsAgreeWithAudit(
        JdbcConsentStore store, Map<ConsentId, List<AuditEntry>> events, String when) {
      Map<ConsentId, Consent> all = new LinkedHashMap<>();
      for (Consent c : store.findByConsumer(StoreFixtures.KB_BANK)) {
        all.put(c.id(), c);
      }
      assertThat(all.keySet())
          .as("%s: the consents are exactly those the audit log names", when)
          .isEqualTo(events.keySet());
      return all;
    }

    /** No partial operation: the consent's rows and its audit entries tell the same story. */
    private static void rowsAgreeWithAudit(
        JdbcConsentStore store, Consent c, List<AuditEntry> entries, String when) {
      String about = when + ": consent " + c.id();
      List<AuditEventType> types = entries.stream().map(e -> e.event().type()).toList();
      assertThat(types).as(about + " events").isNotEmpty();
      assertThat(types.get(0)).as(about + " first event").isEqualTo(AuditEventType.REQUESTED);
      assertThat(types)
          .as(about + " events")
          .isSubsetOf(
              AuditEventType.REQUESTED,
              AuditEventType.APPROVED,
              AuditEventType.GRANT_ISSUED,
              AuditEventType.DATA_FETCHED);
      assertThat(count(types, AuditEventType.REQUESTED)).as(about + " REQUESTED").isEqualTo(1);

      List<AuditEntry> approvals = of(entries, AuditEventType.APPROVED);
      if (c.status() == ConsentStatus.ACTIVE) {
        assertThat(approvals).as(about + " is ACTIVE: one APPROVED entry").hasSize(1);
        assertThat(approvals.get(0).event().details().get("statusIndex"))
            .as(about + " status index")
            .isEqualTo(Long.toString(c.statusIndex().orElseThrow()));
        assertThat(c.version()).as(about + " version").isEqualTo(1);
      } else {
        assertThat(c.status()).as(about + " status").isEqualTo(ConsentStatus.REQUESTED);
        assertThat(approvals).as(about + " is REQUESTED: no APPROVED entry").isEmpty();
        assertThat(c.version()).as(about + " version").isZero();
      }

      List<GrantRecord> grants = store.grants(c.id());
      List<String> grantIds = grants.stream().map(GrantRecord::grantId).sorted().toList();
      List<String> issued =
          of(entries, AuditEventType.GRANT_ISSUED).stream()
              .map(e -> e.event().details().get("grantId"))
              .sorted()
              .toList();
      assertThat(grantIds).as(about + " grant rows = GRANT_ISSUED entries").isEqualTo(issued);
      assertThat(grants).as(about + " one-time: at most one grant").hasSizeLessThanOrEqualTo(1);
      if (!grants.isEmpty()) {
        assertThat(c.status())
            .as(about + " granted only when ACTIVE")
            .isEqualTo(ConsentStatus.ACTIVE);
      }
      assertThat(store.grantsRecorded(c.id(), StoreFixtures.NHIS, "once"))
          .as(about + " NHIS budget used = grants")
          .isEqualTo(grants.size());
      assertThat(store.grantsRecorded(c.id(), StoreFixtures.NTS, "once"))
          .as(about + " NTS budget untouched")
          .isZero();

      List<String> fetched =
          store.fetches(c.id()).stream()
              .map(f -> f.grantId() + "/" + f.transactionId())
              .sorted()
              .toList();
      List<String> fetchEvents =
          of(entries, AuditEventType.DATA_FETCHED).stream()
              .map(
                  e ->
                      e.event().details().get("grantId")
                          + "/"
                          + e.event().details().get("transactionId"))
              .sorted()
              .toList();
      assertThat(fetched).as(about + " fetch rows = DATA_FETCHED entries").isEqualTo(fetchEvents);
      for (FetchRecord f : store.fetches(c.id())) {
        assertThat(grantIds).as(about + " fetch with a recorded grant").contains(f.grantId());
      }
    }

    void report(String database, long startNanos, long readyNanos) {
      System.out.printf(
          "CrashTest %s: %d kills in %d ms (%d ms of them starting writers); %d ACKs (%d runs killed before the first), %d"
              + " consents, %d audit entries, %d checkpoints, all kept and consistent%n",
          database,
          RUNS,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos),
          TimeUnit.NANOSECONDS.toMillis(readyNanos),
          acks,
          runsWithoutAck,
          consents,
          auditEntries,
          checkpoints);
      assertThat(acks).as("the writers acknowledged something").isPositive();
    }

    private static long count(List<AuditEventType> types, AuditEventType type) {
      return types.stream().filter(type::equals).count();
    }

    private static List<AuditEntry> of(List<AuditEntry> entries, AuditEventType type) {
      return entries.stream().filter(e -> e.event().type() == type).toList();
    }
  }

  /** What was acknowledged for one consent. */
  private static final class Acked {
    boolean approved;
    final Set<String> grants = new LinkedHashSet<>();
    final Set<String> fetches = new LinkedHashSet<>();

    void assertStored(JdbcConsentStore store, Consent consent, String when) {
      String about = when + ": acknowledged consent " + consent.id();
      if (approved) {
        assertThat(consent.status())
            .as(about + " was approved")
            .isNotEqualTo(ConsentStatus.REQUESTED);
        assertThat(consent.wasApproved()).as(about + " was approved").isTrue();
      }
      Set<String> grantIds = new HashSet<>();
      store.grants(consent.id()).forEach(g -> grantIds.add(g.grantId()));
      assertThat(grantIds).as(about + " acknowledged grants").containsAll(grants);
      Set<String> fetchGrantIds = new HashSet<>();
      store.fetches(consent.id()).forEach(f -> fetchGrantIds.add(f.grantId()));
      assertThat(fetchGrantIds).as(about + " acknowledged fetches").containsAll(fetches);
    }
  }
}
