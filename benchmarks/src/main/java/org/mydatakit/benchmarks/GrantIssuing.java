package org.mydatakit.benchmarks;

import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.util.concurrent.TimeUnit;
import org.mydatakit.broker.InMemoryConsentStore;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.DataItem;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.grant.Grant;
import org.mydatakit.grant.GrantIssuer;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.status.StatusReference;
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
 * Minting one grant: {@link GrantIssuer#issue} (claims, JSON, base64url, signature) against one raw
 * signature over a grant's signing input of the same size, with the provider mydatakit signs with
 * (BouncyCastle's for ES256, the JDK's SunRsaSign for PS256).
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar GrantIssuing</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class GrantIssuing {
  @Param({"ES256", "PS256"})
  public SigningAlgorithm alg;

  private GrantIssuer issuer;
  private Consent consent;
  private String jkt;
  private StatusReference status;
  private Signature signer;
  private byte[] input;

  @Setup
  public void setUp() throws Exception {
    Grants grants = new Grants(alg);
    consent =
        Brokers.approved(
            Brokers.broker(new InMemoryConsentStore(), grants.keys),
            1,
            DataItem.of(Grants.SELF, Grants.ITEM));
    issuer = GrantIssuer.builder(grants.keys, Grants.ISSUER).build();
    jkt = DpopKey.generate().thumbprint();
    status = StatusReference.of(java.net.URI.create(Grants.ISSUER + "/status/1"), 42);
    String token = issuer.issue(consent, Grants.SELF, jkt, status).token();
    input = token.substring(0, token.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);
    java.security.Provider provider = Grants.libraryProvider(alg);
    signer = Grants.signature(alg, provider);
    signer.initSign(grants.privateKey(provider));
  }

  @Benchmark
  public Grant issue() {
    return issuer.issue(consent, Grants.SELF, jkt, status);
  }

  @Benchmark
  public byte[] rawSign() throws Exception {
    signer.update(input);
    return signer.sign();
  }
}
