package org.mydatakit.benchmarks;

import java.net.URI;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.status.StatusList;
import org.mydatakit.status.StatusListIssuer;
import org.mydatakit.status.TokenStatus;
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
 * The broker's status list of {@code size} consents (2 bits each, so {@code size / 4} bytes packed:
 * 250 KB for 1 M, 2.5 MB for 10 M), 1 % of them revoked at random:
 *
 * <ul>
 *   <li>{@code buildCompressSign}: set the revoked entries, build the list, zlib it and sign the
 *       {@code statuslist+jwt} (ES256) — what the broker does to publish;
 *   <li>{@code compress}: {@code encode()} alone (zlib of the packed bytes);
 *   <li>{@code lookup}: one {@code get(index)} — what a provider's cached list does per request.
 * </ul>
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar StatusListBench</pre>
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class StatusListBench {
  @Param({"1000000", "10000000"})
  public int size;

  private long[] revoked;
  private StatusList list;
  private StatusListIssuer issuer;
  private URI uri;
  private long[] probes;
  private int probe;

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(7);
    revoked = new long[size / 100];
    for (int i = 0; i < revoked.length; i++) {
      revoked[i] = random.nextLong(size);
    }
    StatusList.Builder builder = StatusList.builder(size);
    for (long r : revoked) {
      builder.set(r, TokenStatus.INVALID);
    }
    list = builder.build();
    issuer =
        StatusListIssuer.builder(SigningKeySet.generate(SigningAlgorithm.ES256), Grants.ISSUER)
            .build();
    uri = URI.create(Grants.ISSUER + "/status/1");
    probes = new long[4096];
    for (int i = 0; i < probes.length; i++) {
      probes[i] = random.nextLong(size);
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  public String buildCompressSign() {
    StatusList.Builder builder = StatusList.builder(size);
    for (long r : revoked) {
      builder.set(r, TokenStatus.INVALID);
    }
    return issuer.sign(uri, builder.build());
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  public byte[] compress() {
    return list.encode();
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public TokenStatus lookup() {
    return list.get(probes[probe++ & 4095]);
  }
}
