package org.mydatakit.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.broker.ConsentStore;
import org.mydatakit.broker.InMemoryConsentStore;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.DataItem;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.grant.Grant;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.store.jdbc.JdbcConsentStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The broker's hot path: {@link ConsentBroker#issueGrant} — consent read, budget consumed and grant
 * recorded in one transaction with the audit entry, grant signed — on the in-memory store, an H2
 * file and PostgreSQL, on 1 and 2 threads. Compare with {@link RawCommit} (one single-row insert
 * and commit on the same database) and {@link RawSignature#sign}.
 *
 * <p>{@value #CONSENTS} daily consents with a budget of 10,000 each are approved in setup and used
 * round robin, so concurrent issues rarely lock the same consent row.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar BrokerIssueGrant                       # memory, h2
 * MYDATA_TEST_PG_URL='jdbc:postgresql://127.0.0.1:5432/mydatakit_bench?user=postgres' \
 *   java -jar benchmarks/target/benchmarks.jar BrokerIssueGrant -p store=postgres
 * </pre>
 *
 * Without {@code MYDATA_TEST_PG_URL}, the {@code postgres} parameter fails at setup with "postgres
 * skipped" and the others run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class BrokerIssueGrant {
  static final int CONSENTS = 256;

  @Param({"memory", "h2", "postgres"})
  public String store;

  @Param({"ES256"})
  public SigningAlgorithm alg;

  private DataSource dataSource;
  private ConsentBroker broker;
  private ConsentId[] consents;
  private String jkt;
  private final AtomicInteger next = new AtomicInteger();

  @Setup
  public void setUp() throws Exception {
    ConsentStore consentStore;
    if (store.equals("memory")) {
      consentStore = new InMemoryConsentStore();
    } else {
      dataSource = Stores.open(store);
      JdbcConsentStore jdbc = JdbcConsentStore.builder(dataSource).build();
      jdbc.migrate();
      consentStore = jdbc;
    }
    broker = Brokers.broker(consentStore, SigningKeySet.generate(alg));
    consents = new ConsentId[CONSENTS];
    for (int i = 0; i < CONSENTS; i++) {
      consents[i] = Brokers.approved(broker, i, DataItem.of(Grants.SELF, Grants.ITEM)).id();
    }
    jkt = DpopKey.generate().thumbprint();
  }

  @TearDown
  public void tearDown() throws Exception {
    Stores.close(dataSource);
  }

  private Grant issue() {
    ConsentId id = consents[Math.floorMod(next.getAndIncrement(), CONSENTS)];
    return broker.issueGrant(id, Grants.SELF, jkt);
  }

  @Benchmark
  @Threads(1)
  public Grant issueGrant1Thread() {
    return issue();
  }

  @Benchmark
  @Threads(2)
  public Grant issueGrant2Threads() {
    return issue();
  }
}
