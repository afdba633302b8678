package org.mydatakit.benchmarks;

import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.grant.GrantRequest;
import org.mydatakit.grant.GrantVerifier;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.provider.GrantUseLedger;
import org.mydatakit.provider.JdbcDpopReplayCache;
import org.mydatakit.provider.JdbcGrantUseLedger;
import org.mydatakit.provider.ProviderGate;
import org.mydatakit.provider.ProviderRequest;
import org.mydatakit.provider.RedisDpopReplayCache;
import org.mydatakit.provider.RedisGrantUseLedger;
import org.mydatakit.status.RevocationCheck;
import org.mydatakit.status.StatusList;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What the provider's gate adds to grant verification: {@link ProviderGate#admit} (request parsing,
 * every check of the verifier, the range, the use ledger) against {@link GrantVerifier#verify} of
 * the same requests, prebuilt; with the uses and proof ids in memory, in PostgreSQL or in Redis.
 * Every request is a delivery as a consumer makes it: a fresh grant (first sight: its signature is
 * verified) and a fresh DPoP proof, minted per iteration in a pool of {@value #POOL} ({@code
 * SingleShotTime}, score per request).
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar GateAdmission</pre>
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@BenchmarkMode(Mode.SingleShotTime)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
public class GateAdmission {
  static final int POOL = 1000;

  @Param({"ES256"})
  public SigningAlgorithm alg;

  /**
   * Where the gate keeps its uses and proof ids: {@code memory} (one node), or {@code postgres} /
   * {@code redis}, both shared by several nodes (ledger and replay cache on the store; URLs from
   * {@code MYDATA_TEST_PG_URL} and {@code MYDATA_TEST_REDIS_URL}).
   */
  @Param({"memory", "postgres", "redis"})
  public String store;

  private javax.sql.DataSource database;
  private io.lettuce.core.RedisClient redis;

  private Grants grants;
  private DpopKey dpop;
  private GrantVerifier verifier;
  private ProviderGate gate;
  private GrantRequest[] verifierRequests;
  private ProviderRequest[] gateRequests;

  @Setup(Level.Trial)
  public void setUpTrial() throws Exception {
    grants = new Grants(alg);
    dpop = DpopKey.generate(alg);
    StatusList list = StatusList.builder(1_000_000).build();
    RevocationCheck statusList = reference -> list.get(reference.index());
    verifier =
        GrantVerifier.builder()
            .trustedIssuer(Grants.ISSUER, grants.keys.verificationKeys())
            .audience(Grants.SELF)
            .revocationCheck(statusList)
            .build();
    ProviderGate.Builder builder =
        ProviderGate.builder()
            .trustedIssuer(Grants.ISSUER, grants.keys.verificationKeys())
            .audience(Grants.SELF)
            .revocationCheck(statusList);
    switch (store) {
      case "memory" -> builder.ledger(GrantUseLedger.inMemory());
      case "postgres" -> {
        database = Stores.open("postgres");
        builder
            .ledger(JdbcGrantUseLedger.create(database))
            .replayCache(JdbcDpopReplayCache.builder(database).build());
      }
      case "redis" -> {
        String url = System.getenv("MYDATA_TEST_REDIS_URL");
        if (url == null || url.isBlank()) {
          throw new IllegalStateException("redis skipped: set MYDATA_TEST_REDIS_URL");
        }
        redis = io.lettuce.core.RedisClient.create(url);
        builder
            .ledger(RedisGrantUseLedger.builder(redis).keyPrefix("mydatakit-bench:use:").build())
            .replayCache(
                RedisDpopReplayCache.builder(redis).keyPrefix("mydatakit-bench:dpop:").build());
      }
      default -> throw new IllegalArgumentException("store: expected memory, postgres or redis");
    }
    gate = builder.build();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    if (database != null) {
      Stores.close(database);
    }
    if (redis != null) {
      redis.shutdown();
    }
  }

  @Setup(Level.Iteration)
  public void mintRequests() {
    verifierRequests = new GrantRequest[POOL];
    gateRequests = new ProviderRequest[POOL];
    for (int i = 0; i < POOL; i++) {
      String token = grants.mint(dpop.thumbprint(), i);
      verifierRequests[i] =
          GrantRequest.builder()
              .grant(token)
              .dpopProof(dpop.proof("GET", Grants.URL, token))
              .method("GET")
              .url(Grants.URL)
              .item(Grants.ITEM)
              .build();
      String other = grants.mint(dpop.thumbprint(), i);
      gateRequests[i] =
          ProviderRequest.builder()
              .method("GET")
              .url(URI.create(Grants.URL + "?from=2025-01-01&to=2025-12-31"))
              .header("Authorization", "DPoP " + other)
              .header("DPoP", dpop.proof("GET", Grants.URL, other))
              .header("X-Api-Tran-Id", "KBBANK2026120700" + String.format("%06d", i))
              .header("Idempotency-Key", "fetch-" + i)
              .build();
    }
  }

  /** The verifier alone: the baseline every gate would pay. */
  @Benchmark
  @OperationsPerInvocation(POOL)
  public void verifierAlone(Blackhole bh) throws Exception {
    for (GrantRequest r : verifierRequests) {
      bh.consume(verifier.verify(r));
    }
  }

  /** The gate: parsing, verification, range and the in-memory use ledger. */
  @Benchmark
  @OperationsPerInvocation(POOL)
  public void gateAdmit(Blackhole bh) {
    for (ProviderRequest r : gateRequests) {
      Object decision = gate.admit(r);
      if (!(decision instanceof org.mydatakit.provider.Admission)) {
        throw new IllegalStateException("expected an admission, got " + decision);
      }
      bh.consume(decision);
    }
  }
}
