package org.mydatakit.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mydatakit.grant.DpopKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mydatakit dpop proof}: a DPoP proof for one request with one grant. */
@Command(
    name = "proof",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Create a DPoP proof (send it as the DPoP header) for one request carrying GRANT:"
          + " htm METHOD, htu URL (without query and fragment), iat now, a random jti, and ath"
          + " the hash of GRANT. A proof is single-use: providers reject a replayed jti."
    })
final class DpopProofCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(
      names = "--key",
      required = true,
      paramLabel = "FILE",
      description = "The consumer's private DPoP key, a JWK file (dpop generate).")
  private Path keyFile;

  @Option(
      names = "--method",
      required = true,
      paramLabel = "M",
      description = "The HTTP method of the request, such as GET.")
  private String method;

  @Option(
      names = "--url",
      required = true,
      paramLabel = "URL",
      description = "The URL of the request.")
  private URI url;

  @Option(
      names = "--grant",
      required = true,
      paramLabel = "TOKEN",
      description = "The grant the request carries.")
  private String grant;

  @Override
  public Integer call() {
    Inputs inputs = new Inputs(spec);
    if (!method.matches("[A-Z]{1,16}")) {
      throw inputs.error("--method: expected an upper-case http method such as GET");
    }
    if (!url.isAbsolute() || url.getHost() == null) {
      throw inputs.error("--url: expected an absolute http(s) url");
    }
    String json = inputs.read("--key", "private jwk file", keyFile);
    DpopKey key = inputs.parse("--key", () -> DpopKey.parse(json.strip()));
    spec.commandLine().getOut().println(key.proof(method, url, grant.strip()));
    return Main.OK;
  }
}
