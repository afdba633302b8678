package org.mydatakit.benchmarks;

import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.grant.GrantRequest;
import org.mydatakit.grant.GrantVerifier;
import org.mydatakit.grant.VerifiedGrant;
import org.mydatakit.keys.SigningAlgorithm;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * A diagnostic for {@link GrantVerification}: the verifier's miss path in steady state, so that it
 * can be profiled without the pool's minting in the samples. {@code grantCacheSize(0)} and {@code
 * withoutDpop()} make every call verify the grant's signature again (the same token). Beside it,
 * the raw verify split in two: with a fresh {@code Signature.getInstance} (and PSS parameters) per
 * call, as every JOSE library does, and the signature decoded from the token's base64url.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar VerifyMissPath -prof stack</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class VerifyMissPath {
  @Param({"ES256", "PS256"})
  public SigningAlgorithm alg;

  private Grants grants;
  private GrantVerifier noCache;
  private GrantRequest request;
  private String token;
  private byte[] input;
  private byte[] signature;

  @Setup
  public void setUp() {
    grants = new Grants(alg);
    token = grants.mint(DpopKey.generate().thumbprint(), 42);
    noCache =
        GrantVerifier.builder()
            .trustedIssuer(Grants.ISSUER, grants.keys.verificationKeys())
            .audience(Grants.SELF)
            .withoutRevocationCheck()
            .withoutDpop()
            .grantCacheSize(0)
            .build();
    request =
        GrantRequest.builder().grant(token).method("GET").url(Grants.URL).item(Grants.ITEM).build();
    int dot = token.lastIndexOf('.');
    input = token.substring(0, dot).getBytes(StandardCharsets.US_ASCII);
    signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
  }

  @Benchmark
  public VerifiedGrant verifierNoCache() throws Exception {
    return noCache.verify(request);
  }

  @Benchmark
  public boolean rawVerifyFreshInstance() throws Exception {
    Signature s = Grants.signature(alg);
    s.initVerify(grants.publicKey);
    s.update(input);
    return s.verify(signature);
  }
}
