package org.mydatakit.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mydatakit.audit.AuditChain;
import org.mydatakit.audit.AuditEntry;
import org.mydatakit.audit.AuditEventType;
import org.mydatakit.broker.ConsentChange;
import org.mydatakit.broker.ConsentStore;
import org.mydatakit.broker.ConsentStoreException;
import org.mydatakit.broker.ConsentStoreUnavailableException;
import org.mydatakit.broker.FetchOutcome;
import org.mydatakit.broker.FetchRecord;
import org.mydatakit.broker.GrantOutcome;
import org.mydatakit.broker.GrantRecord;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.internal.ConsentLifecycle;
import org.mydatakit.store.tck.StoreFixtures;

/**
 * A database that cannot be reached, goes away mid-operation or answers too late is a {@link
 * ConsentStoreUnavailableException} naming the operation, never a hang, and leaves nothing of the
 * operation behind.
 */
class DatabaseDownTest {
  private static final Duration HANG_GUARD = Duration.ofSeconds(15);

  /** What the blocked transaction is. */
  enum Operation {
    RECORD_GRANT,
    UPDATE
  }

  /** The row a second transaction holds, so that the store's transaction waits for it. */
  enum Lock {
    /** The consent's row: the operation waits at its first statement. */
    CONSENT_ROW,
    /** The audit head: the operation has written its rows and waits to append its audit entry. */
    AUDIT_HEAD
  }

  /** One call of the store, and the operation name its failure must carry. */
  private record Call(String operation, Consumer<JdbcConsentStore> call) {}

  /** Every SPI method (and migrate), with arguments that would be accepted by a live database. */
  private static List<Call> everyCall() {
    Consent requested = StoreFixtures.requested(1);
    Consent active =
        ConsentLifecycle.approve(
            requested, StoreFixtures.T0, StoreFixtures.evidence(StoreFixtures.T0), 7);
    GrantRecord grant = StoreFixtures.grant(active, StoreFixtures.NHIS, "grant-1", "once");
    FetchRecord fetch =
        new FetchRecord(
            "grant-1",
            active.id(),
            StoreFixtures.NHIS,
            active.itemsAt(StoreFixtures.NHIS),
            "tx-1",
            FetchOutcome.DELIVERED,
            StoreFixtures.T0);
    return List.of(
        new Call(
            "insert",
            s ->
                s.insert(
                    requested,
                    "key-1",
                    StoreFixtures.event(requested, AuditEventType.REQUESTED, StoreFixtures.T0))),
        new Call("find", s -> s.find(requested.id())),
        new Call(
            "update",
            s ->
                StoreFixtures.update(
                    s,
                    List.of(
                        ConsentChange.of(
                            requested,
                            active,
                            StoreFixtures.event(
                                requested, AuditEventType.APPROVED, StoreFixtures.T0))))),
        new Call(
            "record grant",
            s ->
                StoreFixtures.recordGrant(
                    s, grant, 1, StoreFixtures.grantEvent(active, "grant-1"))),
        new Call("find grant", s -> s.findGrant("grant-1")),
        new Call("read budget", s -> s.grantsRecorded(active.id(), StoreFixtures.NHIS, "once")),
        new Call(
            "record fetch",
            s ->
                StoreFixtures.recordFetch(
                    s,
                    fetch,
                    StoreFixtures.event(active, AuditEventType.DATA_FETCHED, StoreFixtures.T0))),
        new Call("take a status index", s -> StoreFixtures.nextStatusIndex(s, requested.id())),
        new Call("find by subject", s -> s.findBySubject(requested.subject().brokerSubject())),
        new Call("find by consumer", s -> s.findByConsumer(StoreFixtures.KB_BANK)),
        new Call("find due", s -> s.findDue(StoreFixtures.T0, StoreFixtures.T0, 10)),
        new Call("read grants", s -> s.grants(active.id())),
        new Call("read fetches", s -> s.fetches(active.id())),
        new Call("read receipts", s -> s.receipts(active.id())),
        new Call("read audit", s -> s.audit(0, 10)),
        new Call("read audit head", ConsentStore::auditHead),
        new Call("save checkpoint", s -> s.saveCheckpoint(1, "checkpoint-token")),
        new Call("read checkpoints", ConsentStore::checkpoints),
        new Call("read statuses", s -> s.forEachStatus((index, status) -> {})),
        new Call("migrate", JdbcConsentStore::migrate));
  }

  /** Runs {@code call} under the hang guard and returns what it threw. */
  private static Throwable failure(Runnable call) {
    return assertTimeoutPreemptively(HANG_GUARD, () -> catchThrowable(call::run));
  }

  private static void assertUnavailable(Throwable thrown, String operation, String... secrets) {
    assertThat(thrown)
        .as(operation)
        .isInstanceOf(ConsentStoreUnavailableException.class)
        .hasMessage("consent store: " + operation + " failed: the database is unavailable");
    String message = thrown.getMessage().toLowerCase(Locale.ROOT);
    for (String secret :
        List.of("jdbc", "postgres", "127.0.0.1", "user=", "select ", "insert into", "mydatakit_")) {
      assertThat(message).as("%s: message names no SQL or URL", operation).doesNotContain(secret);
    }
    for (String secret : secrets) {
      assertThat(message).as("%s: message names no secret", operation).doesNotContain(secret);
    }
  }

  @Test
  void refusedConnectionMakesEveryOperationUnavailable() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    } // closed: nothing listens there now
    DataSource refused =
        Databases.fromUrl("jdbc:postgresql://127.0.0.1:" + port + "/test?user=postgres");
    JdbcConsentStore store = JdbcConsentStore.builder(refused).dialect(Dialect.POSTGRESQL).build();
    for (Call call : everyCall()) {
      assertUnavailable(
          failure(() -> call.call().accept(store)), call.operation(), Integer.toString(port));
    }
    assertUnavailable(
        failure(() -> JdbcConsentStore.builder(refused).build()),
        "detect dialect",
        Integer.toString(port));
  }

  @Test
  void dataSourceWithoutConnectionsMakesAnH2StoreUnavailable() {
    DataSource exhausted =
        new AbstractDataSource() {
          @Override
          public Connection getConnection() throws SQLException {
            throw new SQLTransientConnectionException("pool exhausted: secret-pool-name");
          }
        };
    JdbcConsentStore store = JdbcConsentStore.builder(exhausted).dialect(Dialect.H2).build();
    for (Call call : everyCall()) {
      assertUnavailable(
          failure(() -> call.call().accept(store)), call.operation(), "secret-pool-name");
    }
    assertUnavailable(
        failure(() -> JdbcConsentStore.builder(exhausted).build()),
        "detect dialect",
        "secret-pool-name");
  }

  @Test
  void otherDatabaseErrorsAreStoreErrorsButNotUnavailable() {
    DataSource broken =
        new AbstractDataSource() {
          @Override
          public Connection getConnection() throws SQLException {
            throw new SQLException("syntax error near secret-table", "42000");
          }
        };
    JdbcConsentStore store = JdbcConsentStore.builder(broken).dialect(Dialect.H2).build();
    for (Call call : everyCall()) {
      Throwable thrown = failure(() -> call.call().accept(store));
      assertThat(thrown)
          .as(call.operation())
          .isInstanceOf(ConsentStoreException.class)
          .isNotInstanceOf(ConsentStoreUnavailableException.class)
          .hasMessage("consent store: " + call.operation() + " failed");
    }
  }

  /** Against PostgreSQL through a proxy the test can cut (skipped without MYDATA_TEST_PG_URL). */
  @Nested
  class ThroughAProxy {
    private String url;
    private String schema;
    private String applicationName;
    private HikariDataSource direct;
    private HikariDataSource proxied;
    private TcpProxy proxy;
    private JdbcConsentStore directStore;
    private JdbcConsentStore store;
    private ExecutorService executor;

    @BeforeEach
    void setUp() throws Exception {
      url = TestDatabases.postgresUrl();
      schema = TestDatabases.newSchema();
      direct = TestDatabases.pool(schema, 3);
      directStore = JdbcConsentStore.builder(direct).build();
      directStore.migrate();
      Matcher hostPort = Pattern.compile("//([^/:?]+)(?::(\\d+))?/").matcher(url);
      assertThat(hostPort.find()).as("host and port in " + TestDatabases.PG_ENV).isTrue();
      proxy = new TcpProxy(hostPort.group(2) == null ? 5432 : Integer.parseInt(hostPort.group(2)));
      applicationName = "mdk-proxied-" + schema;
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(
          url.substring(0, hostPort.start())
              + "//127.0.0.1:"
              + proxy.port()
              + "/"
              + url.substring(hostPort.end())
              + (url.contains("?") ? "&" : "?")
              + "ApplicationName="
              + applicationName);
      config.setSchema(schema);
      config.setMaximumPoolSize(1);
      config.setMinimumIdle(0);
      config.setConnectionTimeout(3_000);
      config.setPoolName("mydatakit-proxied-" + schema);
      proxied = new HikariDataSource(config);
      store = JdbcConsentStore.builder(proxied).build();
      executor = Executors.newSingleThreadExecutor();
    }

    @AfterEach
    void tearDown() throws Exception {
      if (executor != null) {
        executor.shutdownNow();
        executor.awaitTermination(15, TimeUnit.SECONDS);
      }
      if (proxied != null) {
        proxied.close();
      }
      if (proxy != null) {
        proxy.close();
      }
      if (direct != null) {
        direct.close();
      }
      if (schema != null) {
        TestDatabases.dropSchema(schema);
      }
    }

    @Test
    void cutWhileIdleIsUnavailableAndTheStoreRecoversWhenTheNetworkReturns() {
      Consent active = StoreFixtures.active(store, 1); // through the proxy: the pool holds a link
      proxy.cut();
      assertUnavailable(failure(() -> store.find(active.id())), "find");
      assertUnavailable(
          failure(() -> StoreFixtures.nextStatusIndex(store, active.id())), "take a status index");
      proxy.restore();
      assertThat(assertTimeoutPreemptively(HANG_GUARD, () -> store.find(active.id())))
          .contains(active);
      assertThat(StoreFixtures.active(store, 2).status()).isEqualTo(active.status());
    }

    @ParameterizedTest(name = "{0} waiting on {1}")
    @MethodSource("org.mydatakit.store.jdbc.DatabaseDownTest#operationsAndLocks")
    void cutMidOperationIsUnavailableAndWritesNothing(Operation operation, Lock lock)
        throws Exception {
      Situation s = new Situation(operation);
      Throwable thrown;
      try (Connection holder = holdLock(lock, s.consent)) {
        Future<?> inFlight = executor.submit(() -> s.run(store));
        awaitBlockedBy(pid(holder));
        proxy.cut();
        thrown = outcome(inFlight);
        holder.rollback();
      }
      assertUnavailable(thrown, s.operationName());
      awaitGone(applicationName); // the orphaned server session ended: it can commit nothing now
      s.assertNothingWritten(directStore);
      proxy.restore();
      assertThat(assertTimeoutPreemptively(HANG_GUARD, () -> s.run(store)))
          .as("the same store works again")
          .isEqualTo(s.success());
    }

    @ParameterizedTest(name = "{0} waiting on {1}")
    @MethodSource("org.mydatakit.store.jdbc.DatabaseDownTest#operationsAndLocks")
    void queryTimeoutIsUnavailableAndWritesNothing(Operation operation, Lock lock)
        throws Exception {
      JdbcConsentStore impatient =
          JdbcConsentStore.builder(direct).queryTimeout(Duration.ofSeconds(1)).build();
      Situation s = new Situation(operation);
      Throwable thrown;
      long started;
      long elapsed;
      try (Connection holder = holdLock(lock, s.consent)) {
        started = System.nanoTime();
        thrown = failure(() -> s.run(impatient));
        elapsed = System.nanoTime() - started;
        holder.rollback();
      }
      assertUnavailable(thrown, s.operationName());
      assertThat(thrown.getCause())
          .as("the statement was cancelled by its timeout")
          .isInstanceOfSatisfying(
              SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("57014"));
      assertThat(Duration.ofNanos(elapsed)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
      s.assertNothingWritten(directStore);
      assertThat(s.run(impatient)).as("works once the lock is gone").isEqualTo(s.success());
    }

    /** A consent ready for the operation, and what "nothing written" means for it. */
    private final class Situation {
      final Operation operation;
      final Consent consent;
      final Consent next;
      final long auditBefore;

      Situation(Operation operation) {
        this.operation = operation;
        if (operation == Operation.RECORD_GRANT) {
          consent = StoreFixtures.active(directStore, 1);
          next = consent;
        } else {
          consent = StoreFixtures.requested(1);
          directStore.insert(
              consent,
              "key-1",
              StoreFixtures.event(consent, AuditEventType.REQUESTED, StoreFixtures.T0));
          next =
              ConsentLifecycle.approve(
                  consent,
                  StoreFixtures.T0,
                  StoreFixtures.evidence(StoreFixtures.T0),
                  StoreFixtures.nextStatusIndex(directStore, consent.id()));
        }
        auditBefore = directStore.auditHead().map(AuditEntry::sequence).orElseThrow();
      }

      String operationName() {
        return operation == Operation.RECORD_GRANT ? "record grant" : "update";
      }

      Object run(ConsentStore on) {
        if (operation == Operation.RECORD_GRANT) {
          return StoreFixtures.recordGrant(
              on,
              StoreFixtures.grant(consent, StoreFixtures.NHIS, "grant-cut", "once"),
              1,
              StoreFixtures.grantEvent(consent, "grant-cut"));
        }
        return StoreFixtures.update(
            on,
            List.of(
                ConsentChange.of(
                    consent,
                    next,
                    StoreFixtures.event(consent, AuditEventType.APPROVED, StoreFixtures.T0))));
      }

      Object success() {
        return operation == Operation.RECORD_GRANT ? GrantOutcome.RECORDED : Boolean.TRUE;
      }

      void assertNothingWritten(ConsentStore direct) {
        assertThat(direct.find(consent.id())).as("consent unchanged").contains(consent);
        assertThat(direct.findGrant("grant-cut")).as("no grant row").isEmpty();
        assertThat(direct.grants(consent.id())).as("no grant row").isEmpty();
        assertThat(direct.grantsRecorded(consent.id(), StoreFixtures.NHIS, "once"))
            .as("budget unchanged")
            .isZero();
        assertThat(direct.auditHead().map(AuditEntry::sequence))
            .as("no audit entry")
            .contains(auditBefore);
        assertThat(AuditChain.verify(direct.audit(0, Integer.MAX_VALUE)).intact()).isTrue();
      }
    }

    /** A direct connection (not through the proxy) holding {@code lock} in an open transaction. */
    private Connection holdLock(Lock lock, Consent consent) throws SQLException {
      Connection holder = DriverManager.getConnection(url);
      try {
        holder.setSchema(schema);
        holder.setAutoCommit(false);
        String sql =
            lock == Lock.CONSENT_ROW
                ? "SELECT 1 FROM mydatakit_consent WHERE consent_id = ? FOR UPDATE"
                : "SELECT 1 FROM mydatakit_audit_head WHERE id = 1 AND ? IS NOT NULL FOR UPDATE";
        try (PreparedStatement select = holder.prepareStatement(sql)) {
          select.setString(1, consent.id().toString());
          try (ResultSet rs = select.executeQuery()) {
            assertThat(rs.next()).as("locked row exists").isTrue();
          }
        }
        return holder;
      } catch (SQLException | RuntimeException e) {
        holder.close();
        throw e;
      }
    }

    private long pid(Connection c) throws SQLException {
      try (PreparedStatement select = c.prepareStatement("SELECT pg_backend_pid()");
          ResultSet rs = select.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }

    /** Waits until some session waits for a lock that session {@code pid} holds. */
    private void awaitBlockedBy(long pid) throws Exception {
      awaitCount(
          "SELECT count(*) FROM pg_stat_activity WHERE ? = ANY(pg_blocking_pids(pid))",
          pid,
          1,
          "the store's transaction to wait for the lock");
    }

    /** Waits until no session of the proxied pool is left on the server. */
    private void awaitGone(String application) throws Exception {
      awaitCount(
          "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?",
          application,
          0,
          "the cut session to end");
    }

    private void awaitCount(String sql, Object param, long expected, String what) throws Exception {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      try (Connection c = direct.getConnection();
          PreparedStatement select = c.prepareStatement(sql)) {
        select.setObject(1, param);
        while (true) {
          try (ResultSet rs = select.executeQuery()) {
            rs.next();
            if (rs.getLong(1) == expected) {
              return;
            }
          }
          if (System.nanoTime() > deadline) {
            throw new AssertionError("timed out waiting for " + what);
          }
          Thread.sleep(10); // polling the server's view: there is nothing to wait on here
        }
      }
    }

    private Throwable outcome(Future<?> inFlight) throws Exception {
      try {
        Object result = inFlight.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
        throw new AssertionError("expected a failure, got " + result);
      } catch (ExecutionException e) {
        return e.getCause();
      }
    }
  }

  /** Every (operation, lock) pair. */
  static List<Arguments> operationsAndLocks() {
    List<Arguments> all = new ArrayList<>();
    for (Operation o : Operation.values()) {
      for (Lock l : Lock.values()) {
        all.add(Arguments.of(o, l));
      }
    }
    return all;
  }
}
