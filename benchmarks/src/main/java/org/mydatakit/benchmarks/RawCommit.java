package org.mydatakit.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
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
 * The database floor for {@link BrokerIssueGrant}: one transaction that inserts one row (about the
 * size of a grant record) and commits, through the same kind of data source (H2 file with the
 * store's durable settings; PostgreSQL behind HikariCP), on 1 and 2 threads.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar RawCommit -p db=h2
 * MYDATA_TEST_PG_URL='jdbc:postgresql://127.0.0.1:5432/mydatakit_bench?user=postgres' \
 *   java -jar benchmarks/target/benchmarks.jar RawCommit
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class RawCommit {
  @Param({"h2", "postgres"})
  public String db;

  private DataSource dataSource;
  private final AtomicLong next = new AtomicLong();
  private String payload;

  @Setup
  public void setUp() throws Exception {
    dataSource = Stores.open(db);
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS bench_raw_commit");
      s.execute(
          "CREATE TABLE bench_raw_commit (id BIGINT PRIMARY KEY, grant_id VARCHAR(64) NOT NULL,"
              + " consent_id VARCHAR(64) NOT NULL, provider VARCHAR(64) NOT NULL,"
              + " issued_at TIMESTAMP NOT NULL)");
    }
    payload = "0190b8c2-7d3e-7abc-8def-0123456789ab";
  }

  @TearDown
  public void tearDown() throws Exception {
    Stores.close(dataSource);
  }

  private int insertAndCommit() throws Exception {
    long id = next.incrementAndGet();
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement p =
          c.prepareStatement(
              "INSERT INTO bench_raw_commit (id, grant_id, consent_id, provider, issued_at)"
                  + " VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP)")) {
        p.setLong(1, id);
        p.setString(2, "grant-" + id);
        p.setString(3, payload);
        p.setString(4, "NHIS");
        int n = p.executeUpdate();
        c.commit();
        return n;
      }
    }
  }

  @Benchmark
  @Threads(1)
  public int insertCommit1Thread() throws Exception {
    return insertAndCommit();
  }

  @Benchmark
  @Threads(2)
  public int insertCommit2Threads() throws Exception {
    return insertAndCommit();
  }
}
