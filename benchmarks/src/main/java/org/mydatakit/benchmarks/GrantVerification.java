package org.mydatakit.benchmarks;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.grant.GrantRequest;
import org.mydatakit.grant.GrantVerifier;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.status.RevocationCheck;
import org.mydatakit.status.StatusList;
import org.mydatakit.status.TokenStatus;
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
 * A provider's gate on first sight of a grant (no cache hit): {@link GrantVerifier} against
 * nimbus's {@code DefaultJWTProcessor} and jose4j's {@code JwtConsumer} configured for the same
 * checks (alg pinned to the key's, {@code typ} exact, {@code iss} exact, {@code aud} this agency,
 * time claims, required claims).
 *
 * <p>Signing a fresh grant inside the measured method would dominate, so each iteration's setup
 * mints a pool of {@value #POOL} distinct grants (random {@code jti}), each with its own DPoP
 * proof, and the measured method verifies each exactly once ({@code SingleShotTime} over the pool,
 * {@code @OperationsPerInvocation(POOL)}: the score is time per grant). No token is ever seen twice
 * by a verifier, so {@code GrantVerifier}'s cache of verified tokens never hits and no proof is
 * replayed. Revocation is a cached status list of 1 M entries ({@code StatusList.get}).
 *
 * <ul>
 *   <li>{@code mydatakitGrantOnly}: {@code withoutDpop()} — one signature per grant, the same work
 *       as the peers;
 *   <li>{@code mydatakitGrantAndDpop}: the default, DPoP required — two signatures per request (the
 *       grant, and the proof; the proof key has the same algorithm as the grant here);
 *   <li>{@code nimbus}, {@code jose4j}: grant only (neither checks DPoP).
 * </ul>
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar GrantVerification</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(1)
public class GrantVerification {
  static final int POOL = 1000;

  @Param({"ES256", "PS256"})
  public SigningAlgorithm alg;

  private Grants grants;
  private DpopKey dpop;
  private RevocationCheck statusList;
  private GrantVerifier grantOnly;
  private GrantVerifier grantAndDpop;
  private DefaultJWTProcessor<SecurityContext> nimbus;
  private JwtConsumer jose4j;
  private String[] tokens;
  private GrantRequest[] withoutProof;
  private GrantRequest[] withProof;

  @Setup(Level.Trial)
  public void setUpTrial() throws Exception {
    grants = new Grants(alg);
    dpop = DpopKey.generate(alg);
    StatusList list = StatusList.builder(1_000_000).set(7, TokenStatus.INVALID).build();
    statusList = reference -> list.get(reference.index());
    grantOnly = verifier().withoutDpop().build();
    grantAndDpop = verifier().build();

    nimbus = new DefaultJWTProcessor<>();
    nimbus.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType(Grants.TYPE)));
    nimbus.setJWSKeySelector(
        new JWSVerificationKeySelector<>(
            JWSAlgorithm.parse(alg.name()), new ImmutableJWKSet<>(new JWKSet(grants.publicJwk))));
    nimbus.setJWTClaimsSetVerifier(
        new DefaultJWTClaimsVerifier<>(
            Set.of(Grants.SELF.value()),
            new JWTClaimsSet.Builder().issuer(Grants.ISSUER).build(),
            Set.of(
                "sub", "azp", "cid", "scope", "pur", "iat", "nbf", "exp", "jti", "cnf", "status"),
            null));

    jose4j =
        new JwtConsumerBuilder()
            .setExpectedType(true, Grants.TYPE)
            .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, alg.name())
            .setVerificationKey(grants.publicKey)
            .setExpectedIssuer(Grants.ISSUER)
            .setExpectedAudience(Grants.SELF.value())
            .setRequireSubject()
            .setRequireJwtId()
            .setRequireExpirationTime()
            .setRequireIssuedAt()
            .setRequireNotBefore()
            .setAllowedClockSkewInSeconds(30)
            .setMaxFutureValidityInMinutes(10)
            .build();
  }

  private GrantVerifier.Builder verifier() {
    return GrantVerifier.builder()
        .trustedIssuer(Grants.ISSUER, grants.keys.verificationKeys())
        .audience(Grants.SELF)
        .revocationCheck(statusList);
  }

  /** A new pool of distinct grants and proofs: never timed. */
  @Setup(Level.Iteration)
  public void mintPool() {
    tokens = new String[POOL];
    withoutProof = new GrantRequest[POOL];
    withProof = new GrantRequest[POOL];
    for (int i = 0; i < POOL; i++) {
      String token = grants.mint(dpop.thumbprint(), 100 + i);
      tokens[i] = token;
      withoutProof[i] = request(token).build();
      withProof[i] = request(token).dpopProof(dpop.proof("GET", Grants.URL, token)).build();
    }
  }

  private static GrantRequest.Builder request(String token) {
    return GrantRequest.builder().grant(token).method("GET").url(Grants.URL).item(Grants.ITEM);
  }

  @Benchmark
  @OperationsPerInvocation(POOL)
  public void mydatakitGrantOnly(Blackhole bh) throws Exception {
    for (GrantRequest r : withoutProof) {
      bh.consume(grantOnly.verify(r));
    }
  }

  @Benchmark
  @OperationsPerInvocation(POOL)
  public void mydatakitGrantAndDpop(Blackhole bh) throws Exception {
    for (GrantRequest r : withProof) {
      bh.consume(grantAndDpop.verify(r));
    }
  }

  @Benchmark
  @OperationsPerInvocation(POOL)
  public void nimbus(Blackhole bh) throws Exception {
    for (String t : tokens) {
      bh.consume(nimbus.process(t, null));
    }
  }

  @Benchmark
  @OperationsPerInvocation(POOL)
  public void jose4j(Blackhole bh) throws Exception {
    for (String t : tokens) {
      JwtClaims claims = jose4j.processToClaims(t);
      for (String name : new String[] {"azp", "cid", "scope", "pur", "cnf", "status"}) {
        if (!claims.hasClaim(name)) {
          throw new IllegalStateException("missing " + name);
        }
      }
      bh.consume(claims);
    }
  }
}
