package org.mydatakit.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.status.StatusList;
import org.mydatakit.status.StatusListIssuer;
import org.mydatakit.status.TokenStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mydatakit status-list build}: sign a status list, as a broker publishes it. */
@Command(
    name = "build",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Build and sign a status list of --size entries, all VALID except those given with"
          + " --revoke (INVALID) and --suspend (SUSPENDED), and write the token to --out"
          + " (replaced atomically).",
      "Prints one JSON line with out, sub, size, ttl and the counts of each status:",
      "  {\"out\":\"...\",\"sub\":\"...\",\"size\":N,\"ttl\":300,\"counts\":{...}}"
    })
final class StatusListBuildCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(
      names = "--keys",
      required = true,
      paramLabel = "FILE",
      description = "The broker's private signing JWKS (signing.jwks.json).")
  private Path keys;

  @Option(
      names = "--issuer",
      required = true,
      paramLabel = "ISS",
      description = "The broker's issuer id, the list's iss.")
  private String issuer;

  @Option(
      names = "--uri",
      required = true,
      paramLabel = "URI",
      description = "The list's URI, its sub; grants name it in their status reference.")
  private String uri;

  @Option(
      names = "--size",
      required = true,
      paramLabel = "N",
      description = "The number of entries in the list.")
  private int size;

  @Option(
      names = "--revoke",
      paramLabel = "IDX",
      description = "An entry to mark INVALID (revoked); repeatable.")
  private List<Long> revoke = new ArrayList<>();

  @Option(
      names = "--suspend",
      paramLabel = "IDX",
      description = "An entry to mark SUSPENDED; repeatable.")
  private List<Long> suspend = new ArrayList<>();

  @Option(
      names = "--ttl",
      paramLabel = "DURATION",
      description =
          "How long verifiers may cache the list, as an ISO-8601 duration; PT5M by default.")
  private String ttl = "PT5M";

  @Option(
      names = "--lifetime",
      paramLabel = "DURATION",
      description =
          "How long the list is valid (exp - iat), as an ISO-8601 duration; P1D by default.")
  private String lifetime = "P1D";

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "The file to write the token to.")
  private Path out;

  @Override
  public Integer call() {
    Inputs inputs = new Inputs(spec);
    String json = inputs.read("--keys", "private jwks file", keys);
    SigningKeySet signing = inputs.parse("--keys", () -> SigningKeySet.parse(json));
    URI listUri = inputs.parse("--uri", () -> URI.create(uri));
    Duration ttlDuration = inputs.parse("--ttl", () -> Duration.parse(ttl));
    Duration life = inputs.parse("--lifetime", () -> Duration.parse(lifetime));
    StatusListIssuer broker =
        inputs.parse(
            "--ttl",
            () ->
                StatusListIssuer.builder(signing, issuer).ttl(ttlDuration).lifetime(life).build());
    StatusList.Builder builder = inputs.parse("--size", () -> StatusList.builder(size));
    Set<Long> revoked = new HashSet<>(revoke);
    for (long index : suspend) {
      if (revoked.contains(index)) {
        throw inputs.error("--suspend: expected an index not also given to --revoke, got " + index);
      }
    }
    revoke.forEach(i -> inputs.parse("--revoke", () -> builder.set(i, TokenStatus.INVALID)));
    suspend.forEach(i -> inputs.parse("--suspend", () -> builder.set(i, TokenStatus.SUSPENDED)));
    StatusList list = builder.build();
    String token = inputs.parse("--uri", () -> broker.sign(listUri, list));
    Path dir = out.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw inputs.error("--out: expected a file in an existing directory, got " + out);
    }
    try {
      PrivateFiles.write(out, token + "\n", PrivateFiles.PUBLIC, true);
    } catch (IOException e) {
      throw new CliFailure("cannot write " + out + ": " + e.getClass().getSimpleName(), e);
    }
    spec.commandLine()
        .getOut()
        .println(
            StatusListReport.built(
                out.toString(), listUri.toString(), list, ttlDuration.getSeconds()));
    return Main.OK;
  }
}
