package org.mydatakit.benchmarks;

import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.mydatakit.grant.DpopKey;
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
 * The floor: one raw signature verification and one signature over the signing input of a real
 * grant, with each provider: {@code provider=JDK} is the JDK's default provider, as every JOSE
 * library uses it (SunEC {@code SHA256withECDSAinP1363Format} for ES256, SunRsaSign {@code
 * RSASSA-PSS} SHA-256/MGF1/32 for PS256); {@code provider=BC} is BouncyCastle's provider as an
 * instance ({@code SHA256withPLAIN-ECDSA}; {@code RSASSA-PSS} with the same parameters), with the
 * keys converted to its own key objects once, as mydatakit does. Every other grant benchmark is
 * reported as a ratio to the faster of the two.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar RawSignature</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class RawSignature {
  @Param({"ES256", "PS256"})
  public SigningAlgorithm alg;

  @Param({"JDK", "BC"})
  public String provider;

  private Grants grants;
  private PublicKey publicKey;
  private byte[] input;
  private byte[] signatureBytes;
  private Signature verifier;
  private Signature signer;

  @Setup
  public void setUp() throws Exception {
    grants = new Grants(alg);
    String token = grants.mint(DpopKey.generate().thumbprint(), 42);
    input = token.substring(0, token.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);
    signatureBytes = grants.sign(input);
    Provider jca = "BC".equals(provider) ? new BouncyCastleProvider() : null;
    publicKey = grants.publicKey(jca);
    verifier = Grants.signature(alg, jca);
    signer = Grants.signature(alg, jca);
    signer.initSign(grants.privateKey(jca));
  }

  @Benchmark
  public boolean verify() throws Exception {
    verifier.initVerify(publicKey);
    verifier.update(input);
    return verifier.verify(signatureBytes);
  }

  @Benchmark
  public byte[] sign() throws Exception {
    signer.update(input);
    return signer.sign();
  }
}
