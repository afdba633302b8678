package org.mydatakit.benchmarks;

import java.util.concurrent.TimeUnit;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.grant.GrantRequest;
import org.mydatakit.grant.GrantVerifier;
import org.mydatakit.grant.VerifiedGrant;
import org.mydatakit.keys.SigningAlgorithm;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The same grant presented again: {@link GrantVerifier}'s cache of verified tokens hits, so the
 * grant's signature is skipped; the per-request checks (time, scope, status) still run.
 *
 * <ul>
 *   <li>{@code cacheHitGrantOnly} ({@code withoutDpop()}, throughput): the cache hit alone;
 *   <li>{@code cacheHitWithFreshProof} (DPoP required): a fresh proof per request, as a real
 *       consumer sends, still costs one proof signature verification. Proofs are minted per
 *       iteration in a pool of {@value #POOL} ({@code SingleShotTime}, score per request).
 * </ul>
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar ReRepresentedGrant</pre>
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
public class ReRepresentedGrant {
  static final int POOL = 1000;

  @Param({"ES256", "PS256"})
  public SigningAlgorithm alg;

  private Grants grants;
  private DpopKey dpop;
  private String token;
  private GrantVerifier grantOnly;
  private GrantVerifier grantAndDpop;
  private GrantRequest cached;
  private GrantRequest[] withProof;

  @Setup(Level.Trial)
  public void setUpTrial() throws Exception {
    grants = new Grants(alg);
    dpop = DpopKey.generate(alg);
    StatusList list = StatusList.builder(1_000_000).build();
    RevocationCheck statusList = reference -> list.get(reference.index());
    grantOnly = verifier(statusList).withoutDpop().build();
    grantAndDpop = verifier(statusList).build();
    token = grants.mint(dpop.thumbprint(), 42);
    cached = request().build();
    grantOnly.verify(cached); // the first sight: fills the cache
    grantAndDpop.verify(request().dpopProof(dpop.proof("GET", Grants.URL, token)).build());
  }

  private GrantVerifier.Builder verifier(RevocationCheck statusList) {
    return GrantVerifier.builder()
        .trustedIssuer(Grants.ISSUER, grants.keys.verificationKeys())
        .audience(Grants.SELF)
        .revocationCheck(statusList);
  }

  private GrantRequest.Builder request() {
    return GrantRequest.builder().grant(token).method("GET").url(Grants.URL).item(Grants.ITEM);
  }

  @Setup(Level.Iteration)
  public void mintProofs() {
    withProof = new GrantRequest[POOL];
    for (int i = 0; i < POOL; i++) {
      withProof[i] = request().dpopProof(dpop.proof("GET", Grants.URL, token)).build();
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Warmup(iterations = 2, time = 2)
  @Measurement(iterations = 3, time = 3)
  public VerifiedGrant cacheHitGrantOnly() throws Exception {
    return grantOnly.verify(cached);
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 3)
  @Measurement(iterations = 5)
  @OperationsPerInvocation(POOL)
  public void cacheHitWithFreshProof(Blackhole bh) throws Exception {
    for (GrantRequest r : withProof) {
      bh.consume(grantAndDpop.verify(r));
    }
  }
}
