package org.mydatakit.cli;

import java.net.URI;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The DPoP options of {@code grant verify}: either a proof with the method and URL it is for, or
 * explicitly {@code --no-dpop}.
 */
final class DpopOptions {
  /** Stands in for the request URL when no proof is checked; never contacted. */
  static final URI NO_DPOP_URL = URI.create("https://cli.invalid/");

  @Option(
      names = "--dpop",
      paramLabel = "PROOF",
      description = "The DPoP proof, the value of the request's DPoP header.")
  String proof;

  @Option(names = "--method", paramLabel = "M", description = "The HTTP method the proof is for.")
  String method;

  @Option(names = "--url", paramLabel = "URL", description = "The URL the proof is for.")
  URI url;

  @Option(
      names = "--no-dpop",
      description =
          "Accept grants as bearer tokens, without a proof; --method and --url are then not given.")
  boolean disabled;

  /** Rejects missing and contradictory combinations with a usage error. */
  void validate(CommandSpec spec) {
    String problem = null;
    if (proof != null && disabled) {
      problem = "--dpop contradicts --no-dpop: expected one of them";
    } else if (proof == null && !disabled) {
      problem = "expected --dpop PROOF --method M --url URL, or explicitly --no-dpop";
    } else if (disabled && (method != null || url != null)) {
      problem = "--method and --url go with --dpop: expected neither with --no-dpop";
    } else if (!disabled && (method == null || url == null)) {
      problem = "--dpop: expected --method and --url as well";
    } else if (method != null && !method.matches("[A-Z]{1,16}")) {
      problem = "--method: expected an upper-case http method such as GET";
    } else if (url != null && (!url.isAbsolute() || url.getHost() == null)) {
      problem = "--url: expected an absolute http(s) url";
    }
    if (problem != null) {
      throw new ParameterException(spec.commandLine(), problem);
    }
  }

  String method() {
    return disabled ? "GET" : method;
  }

  URI url() {
    return disabled ? NO_DPOP_URL : url;
  }
}
