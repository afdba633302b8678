package org.mydatakit.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.mydatakit.audit.AuditEntry;
import org.mydatakit.audit.AuditEvent;
import org.mydatakit.audit.LoggedEntry;
import org.mydatakit.broker.ConsentChange;
import org.mydatakit.broker.ConsentNotFoundException;
import org.mydatakit.broker.ConsentStore;
import org.mydatakit.broker.ConsentStoreException;
import org.mydatakit.broker.ErasureRecord;
import org.mydatakit.broker.EventOutbox;
import org.mydatakit.broker.FetchRecord;
import org.mydatakit.broker.GrantOutcome;
import org.mydatakit.broker.GrantRecord;
import org.mydatakit.broker.OverdueErasure;
import org.mydatakit.broker.ReceiptRecord;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.ConsentStatus;
import org.mydatakit.consent.SubjectId;
import org.mydatakit.internal.Checks;
import org.mydatakit.log.NodeId;
import org.mydatakit.store.jdbc.internal.AuditRows;
import org.mydatakit.store.jdbc.internal.ConsentRows;
import org.mydatakit.store.jdbc.internal.EventRows;
import org.mydatakit.store.jdbc.internal.JdbcEventOutbox;
import org.mydatakit.store.jdbc.internal.RecordRows;
import org.mydatakit.store.jdbc.internal.Transactions;
import org.mydatakit.store.jdbc.internal.V4__Audit_tree_backfill;
import org.mydatakit.store.jdbc.internal.V7__Audit_tree_function;

/**
 * A durable {@link ConsentStore} over JDBC: H2 (an embedded file database, the default) or
 * PostgreSQL. Every guarantee of the SPI is kept by the database — row locks, a compare-and-set
 * UPDATE on the version, a conditional UPDATE for budgets, a locked head row for the audit chain, a
 * sequence for status slots — not by Java locks, so several brokers (processes, machines) on one
 * database behave as one. Each operation is one transaction: after any failure nothing of it
 * remains.
 *
 * <pre>{@code
 * JdbcConsentStore store = JdbcConsentStore.builder(Databases.h2File(Path.of(".mydatakit/broker")))
 *     .build();
 * store.migrate();                          // creates or upgrades the schema (Flyway)
 * }</pre>
 *
 * <p>Thread-safe. Bring a connection pool for PostgreSQL (HikariCP is a good one); every statement
 * has a query timeout (10 s by default), and a database that cannot be reached surfaces as {@link
 * org.mydatakit.broker.ConsentStoreUnavailableException}.
 */
public final class JdbcConsentStore implements ConsentStore {
  private static final String UNIQUE_VIOLATION = "23505";

  private final DataSource dataSource;
  private final Dialect dialect;
  private final Transactions tx;
  private final ConsentRows consents;
  private final AuditRows audit;
  private final RecordRows records;
  private final EventRows events;
  private final EventOutbox outbox;

  private JdbcConsentStore(DataSource dataSource, Dialect dialect, Duration queryTimeout) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.tx = new Transactions(dataSource, (int) Math.max(1, queryTimeout.toSeconds()));
    this.consents = new ConsentRows(tx);
    this.audit = new AuditRows(tx, dialect == Dialect.POSTGRESQL);
    this.records = new RecordRows(tx);
    this.events = new EventRows(tx, dialect == Dialect.POSTGRESQL);
    this.outbox = new JdbcEventOutbox(tx, events);
  }

  /** Starts configuring a store over {@code dataSource}. */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /**
   * Creates or upgrades the schema with the migrations shipped in this jar ({@code
   * db/mydatakit/V*.sql}); safe to call on every start and from several nodes at once.
   *
   * @throws IllegalStateException on PostgreSQL, when Flyway's PostgreSQL support ({@code
   *     org.flywaydb:flyway-database-postgresql}) is not on the class path
   */
  public void migrate() {
    if (dialect == Dialect.POSTGRESQL && !flywaySupportsPostgresql()) {
      throw new IllegalStateException(
          "migrate: expected org.flywaydb:flyway-database-postgresql on the class path for"
              + " PostgreSQL (an optional dependency of mydatakit-consent-store), found none");
    }
    try {
      Flyway.configure()
          .dataSource(dataSource)
          .locations("classpath:db/mydatakit")
          .table("mydatakit_schema_history")
          .javaMigrations(new V4__Audit_tree_backfill(), new V7__Audit_tree_function())
          .load()
          .migrate();
    } catch (FlywayException e) {
      SQLException sql = sqlCause(e);
      throw sql != null
          ? Transactions.translate("migrate", sql)
          : new ConsentStoreException("migrate", e);
    }
  }

  private static boolean flywaySupportsPostgresql() {
    try {
      Class.forName(
          "org.flywaydb.database.postgresql.PostgreSQLDatabaseType",
          false,
          JdbcConsentStore.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** The dialect in use. */
  public Dialect dialect() {
    return dialect;
  }

  @Override
  public Written<Consent> insert(Consent consent, String idempotencyKey, AuditEvent event) {
    Checks.notNull("consent", consent);
    Checks.notNull("idempotency key", idempotencyKey);
    Checks.notNull("audit event", event);
    String consumer = consent.consumer().value();
    if (consent.status() != ConsentStatus.REQUESTED) {
      throw new IllegalArgumentException(
          "insert: expected a REQUESTED consent, got " + consent.status());
    }
    try {
      return tx.run(
          "insert",
          c -> {
            Consent existing = consents.findByKey(c, consumer, idempotencyKey);
            if (existing != null) {
              return new Written<>(existing, List.of());
            }
            if (consent.supersedes().isPresent()) {
              ConsentStore.checkAmendable(
                  Optional.ofNullable(consents.lock(c, consent.supersedes().get())), consent);
            }
            consents.insert(c, consent, idempotencyKey);
            return new Written<>(consent, List.of(audit.append(c, event)));
          });
    } catch (ConsentStoreException e) {
      if (!(e.getCause() instanceof SQLException sql)
          || !UNIQUE_VIOLATION.equals(sql.getSQLState())) {
        throw e;
      }
      // A concurrent retry with the same key committed first: return what it stored.
      Consent winner = tx.run("insert", c -> consents.findByKey(c, consumer, idempotencyKey));
      if (winner == null) {
        throw new IllegalArgumentException("insert: consent " + consent.id() + " already exists");
      }
      return new Written<>(winner, List.of());
    }
  }

  @Override
  public Optional<Consent> find(ConsentId id) {
    Checks.notNull("consent id", id);
    return Optional.ofNullable(tx.run("find", c -> consents.find(c, id)));
  }

  @Override
  public Written<List<Consent>> change(String operation, ConsentId id, ChangeStep step) {
    Checks.notNull("consent id", id);
    Checks.notNull("step", step);
    return tx.run(
        operation,
        c -> {
          Consent consent = consents.lock(c, id);
          if (consent == null) {
            throw new ConsentNotFoundException(operation, id);
          }
          List<ConsentChange> changes = step.changes(new LockedRows(c, consent));
          List<Consent> next = new ArrayList<>(changes.size());
          for (ConsentChange change : changes) {
            if (!consents.update(c, change.next(), change.current().version())) {
              throw new IllegalStateException(
                  operation + ": a change must start from the consent as the step saw it");
            }
            next.add(change.next());
          }
          for (ConsentChange change : changes) {
            if (change.receipt().isPresent()) {
              records.insertReceipt(c, change.receipt().get());
            }
          }
          // every change's outbox events in one batch
          events.insert(c, changes.stream().flatMap(x -> x.events().stream()).toList());
          // the audit head's lock: taken last, held only until the commit
          List<AuditEntry> appended =
              audit.appendAll(c, changes.stream().map(ConsentChange::event).toList());
          return new Written<>(next, appended);
        });
  }

  /** What a change step sees inside the transaction: everything read on this connection. */
  private final class LockedRows implements Locked {
    private final Connection c;
    private final Consent consent;

    LockedRows(Connection c, Consent consent) {
      this.c = c;
      this.consent = consent;
    }

    @Override
    public Consent consent() {
      return consent;
    }

    @Override
    public Optional<Consent> lock(ConsentId other) {
      return Optional.ofNullable(sql(() -> consents.lock(c, Checks.notNull("consent id", other))));
    }

    @Override
    public Optional<String> lastReceiptId(ConsentId of) {
      return Optional.ofNullable(sql(() -> records.lastReceiptId(c, of)));
    }

    @Override
    public long nextStatusIndex() {
      return sql(
          () -> {
            try (PreparedStatement next = tx.prepare(c, dialect.nextStatusIndex());
                ResultSet rs = next.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          });
    }
  }

  /** A statement run for a step. */
  @FunctionalInterface
  private interface SqlCall<T> {
    T call() throws SQLException;
  }

  /** Runs a statement for a step, which cannot throw SQLException: it crosses it unchecked. */
  private static <T> T sql(SqlCall<T> call) {
    try {
      return call.call();
    } catch (SQLException e) {
      throw new Transactions.SqlFailure(e);
    }
  }

  @Override
  public Written<GrantOutcome> recordGrant(ConsentId id, GrantStep step) {
    Checks.notNull("consent id", id);
    Checks.notNull("step", step);
    return tx.run(
        "record grant",
        c -> {
          Consent consent = consents.lock(c, id);
          if (consent == null) {
            return new Written<>(GrantOutcome.UNKNOWN_CONSENT, List.of());
          }
          if (consent.status() != ConsentStatus.ACTIVE) {
            step.notActive(consent);
            return new Written<>(GrantOutcome.NOT_ACTIVE, List.of());
          }
          Budget budget = step.budget(consent);
          if (dialect == Dialect.POSTGRESQL) {
            return recordGrantInOneStatement(c, id, consent, step, budget);
          }
          if (!records.consumeBudget(c, id, budget.provider(), budget.period(), budget.budget())) {
            throw new Transactions.Rollback(
                new Written<>(GrantOutcome.BUDGET_EXHAUSTED, List.of()));
          }
          IssuedGrant issued = step.issue(consent, budget);
          GrantRecord grant = issued.record();
          checkMatches(id, budget, grant);
          records.insertGrant(c, grant);
          return new Written<>(GrantOutcome.RECORDED, List.of(audit.append(c, issued.event())));
        });
  }

  /**
   * PostgreSQL: the grant is signed first (discarded if the budget turns out spent), then the
   * budget unit, the grant record and the audit entry are written by one statement.
   */
  private Written<GrantOutcome> recordGrantInOneStatement(
      Connection c, ConsentId id, Consent consent, GrantStep step, Budget budget)
      throws SQLException {
    if (budget.budget() < 1) {
      throw new Transactions.Rollback(new Written<>(GrantOutcome.BUDGET_EXHAUSTED, List.of()));
    }
    IssuedGrant issued = step.issue(consent, budget);
    GrantRecord grant = issued.record();
    checkMatches(id, budget, grant);
    AuditRows.Gated written =
        audit.appendAfter(
            c, records.takeBudgetAndRecordGrant(grant, budget.budget()), issued.event());
    if (written.gateRows() == 0) {
      throw new Transactions.Rollback(new Written<>(GrantOutcome.BUDGET_EXHAUSTED, List.of()));
    }
    return new Written<>(GrantOutcome.RECORDED, written.entries());
  }

  private static void checkMatches(ConsentId id, Budget budget, GrantRecord grant) {
    if (!grant.consentId().equals(id)
        || !grant.provider().equals(budget.provider())
        || !grant.period().equals(budget.period())) {
      throw new IllegalStateException("record grant: the grant does not match its budget");
    }
  }

  @Override
  public Optional<GrantRecord> findGrant(String grantId) {
    Checks.notNull("grant id", grantId);
    return Optional.ofNullable(tx.run("find grant", c -> records.findGrant(c, grantId)));
  }

  @Override
  public int grantsRecorded(ConsentId consentId, AgencyId provider, String period) {
    return Math.max(0, tx.run("read budget", c -> records.used(c, consentId, provider, period)));
  }

  @Override
  public Optional<Written<FetchRecord>> recordFetch(
      String grantId, AgencyId provider, FetchStep step) {
    Checks.notNull("grant id", grantId);
    Checks.notNull("provider", provider);
    Checks.notNull("step", step);
    return tx.run(
        "record fetch",
        c -> {
          GrantRecord grant = records.findGrant(c, grantId);
          if (grant == null || !grant.provider().equals(provider)) {
            return Optional.empty();
          }
          RecordedFetch recorded = step.fetch(grant, consents.find(c, grant.consentId()));
          FetchRecord fetch = recorded.record();
          if (!fetch.grantId().equals(grantId)
              || !fetch.consentId().equals(grant.consentId())
              || !fetch.provider().equals(provider)) {
            throw new IllegalStateException("record fetch: the record does not match its grant");
          }
          records.insertFetch(c, fetch);
          events.insert(c, recorded.events());
          return Optional.of(new Written<>(fetch, List.of(audit.append(c, recorded.event()))));
        });
  }

  @Override
  public Written<Boolean> recordErasure(ErasureRecord record, AuditEvent event) {
    Checks.notNull("erasure record", record);
    Checks.notNull("audit event", event);
    return tx.run(
        "record erasure",
        c -> {
          Consent consent = consents.lock(c, record.consentId());
          if (consent == null) {
            throw new ConsentNotFoundException("record erasure", record.consentId());
          }
          ConsentStore.checkErasure(consent, record, event);
          if (events.erasureKept(c, record.jti())) {
            return new Written<>(false, List.of());
          }
          events.insertErasure(c, record);
          return new Written<>(true, List.of(audit.append(c, event)));
        });
  }

  @Override
  public List<ErasureRecord> erasures(ConsentId consentId) {
    Checks.notNull("consent id", consentId);
    return tx.read("erasures", c -> events.erasures(c, consentId));
  }

  @Override
  public List<OverdueErasure> overdueErasures(Instant dueBefore, int limit) {
    Checks.notNull("due before", dueBefore);
    return tx.read("overdue erasures", c -> events.overdue(c, dueBefore, limit));
  }

  @Override
  public long countOverdueErasures(Instant dueBefore) {
    Checks.notNull("due before", dueBefore);
    return tx.read("count overdue erasures", c -> events.countOverdue(c, dueBefore));
  }

  @Override
  public EventOutbox events() {
    return outbox;
  }

  @Override
  public List<Consent> findBySubject(SubjectId brokerSubject) {
    return tx.run("find by subject", c -> consents.bySubject(c, brokerSubject.value()));
  }

  @Override
  public List<Consent> list(ConsentId after, int limit) {
    return tx.run("list consents", c -> consents.page(c, after, limit));
  }

  @Override
  public List<Consent> findByConsumer(AgencyId consumer) {
    return tx.run("find by consumer", c -> consents.byConsumer(c, consumer.value()));
  }

  /** One {@code GROUP BY} query. */
  @Override
  public Map<ConsentStatus, Long> countByStatus() {
    return tx.read(
        "count by status",
        c -> {
          Map<ConsentStatus, Long> counts = new EnumMap<>(ConsentStatus.class);
          for (ConsentStatus status : ConsentStatus.values()) {
            counts.put(status, 0L);
          }
          try (PreparedStatement count =
                  c.prepareStatement(
                      "SELECT status, COUNT(*) FROM mydatakit_consent GROUP BY status");
              ResultSet rows = count.executeQuery()) {
            while (rows.next()) {
              counts.put(ConsentStatus.valueOf(rows.getString(1)), rows.getLong(2));
            }
          }
          return counts;
        });
  }

  @Override
  public List<Consent> findDue(Instant now, Instant requestedBefore, int limit) {
    return tx.run("find due", c -> consents.due(c, now, requestedBefore, limit));
  }

  @Override
  public List<GrantRecord> grants(ConsentId consentId) {
    return tx.run("read grants", c -> records.grants(c, consentId));
  }

  @Override
  public List<FetchRecord> fetches(ConsentId consentId) {
    return tx.run("read fetches", c -> records.fetches(c, consentId));
  }

  @Override
  public List<ReceiptRecord> receipts(ConsentId consentId) {
    return tx.run("read receipts", c -> records.receipts(c, consentId));
  }

  @Override
  public List<LoggedEntry> logged(long afterSequence, int limit) {
    return tx.read("read audit", c -> audit.after(c, afterSequence, limit));
  }

  @Override
  public List<LoggedEntry> loggedAbout(ConsentId consent) {
    Checks.notNull("consent id", consent);
    return tx.read("read audit", c -> audit.about(c, consent));
  }

  @Override
  public Map<NodeId, byte[]> treeNodes(Collection<NodeId> ids) {
    Checks.notNull("node ids", ids);
    return ids.isEmpty() ? Map.of() : tx.read("read tree nodes", c -> audit.nodes(c, ids));
  }

  @Override
  public void saveLogCheckpoint(long size, String note) {
    Checks.notNull("log checkpoint", note);
    tx.run(
        "save log checkpoint",
        c -> {
          AuditEntry head = audit.head(c);
          long logSize = head == null ? 0 : head.sequence();
          if (size < 1 || size > logSize) {
            throw new IllegalArgumentException(
                "log checkpoint: expected a tree size of 1 to " + logSize + ", got " + size);
          }
          records.saveLogCheckpoint(c, size, note);
          return null;
        });
  }

  @Override
  public Optional<String> latestLogCheckpoint() {
    return Optional.ofNullable(tx.read("read log checkpoint", c -> records.logCheckpoint(c, -1)));
  }

  @Override
  public Optional<String> logCheckpoint(long size) {
    return size < 1
        ? Optional.empty()
        : Optional.ofNullable(tx.read("read log checkpoint", c -> records.logCheckpoint(c, size)));
  }

  @Override
  public SortedMap<Long, String> logCheckpoints() {
    return tx.read("read log checkpoints", records::logCheckpoints);
  }

  @Override
  public Optional<AuditEntry> auditHead() {
    return Optional.ofNullable(tx.read("read audit head", audit::head));
  }

  @Override
  public void saveCheckpoint(long sequence, String token) {
    Checks.notNull("checkpoint", token);
    tx.run(
        "save checkpoint",
        c -> {
          AuditEntry head = audit.head(c);
          if (sequence < 1 || head == null || sequence > head.sequence()) {
            throw new IllegalArgumentException("checkpoint: expected the sequence of a kept entry");
          }
          records.insertCheckpoint(c, sequence, token);
          return null;
        });
  }

  @Override
  public List<String> checkpoints() {
    return tx.run("read checkpoints", records::checkpoints);
  }

  @Override
  public void forEachStatus(StatusVisitor visitor) {
    tx.run(
        "read statuses",
        c -> {
          consents.forEachStatus(c, visitor);
          return null;
        });
  }

  private static SQLException sqlCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        return sql;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return "JdbcConsentStore[" + dialect + "]";
  }

  /** Configures a {@link JdbcConsentStore}; validated at {@link #build()}. */
  public static final class Builder {
    private final DataSource dataSource;
    private Dialect dialect;
    private Duration queryTimeout = Duration.ofSeconds(10);

    private Builder(DataSource dataSource) {
      this.dataSource = Checks.notNull("data source", dataSource);
    }

    /** Overrides the dialect otherwise detected from the first connection. */
    public Builder dialect(Dialect dialect) {
      this.dialect = Checks.notNull("dialect", dialect);
      return this;
    }

    /** The timeout of every statement: 1 second to 5 minutes, default 10 seconds. */
    public Builder queryTimeout(Duration timeout) {
      this.queryTimeout = Checks.notNull("query timeout", timeout);
      return this;
    }

    /**
     * Builds the store; without {@link #dialect} it connects once to detect the database.
     *
     * @throws org.mydatakit.broker.ConsentStoreUnavailableException if detection cannot connect
     */
    public JdbcConsentStore build() {
      if (queryTimeout.compareTo(Duration.ofSeconds(1)) < 0
          || queryTimeout.compareTo(Duration.ofMinutes(5)) > 0) {
        throw new IllegalStateException(
            "query timeout: expected PT1S to PT5M, got " + queryTimeout);
      }
      Dialect resolved = dialect;
      if (resolved == null) {
        try (Connection c = dataSource.getConnection()) {
          resolved = Dialect.of(c);
        } catch (SQLException e) {
          throw Transactions.translate("detect dialect", e);
        }
      }
      return new JdbcConsentStore(dataSource, resolved, queryTimeout);
    }
  }
}
