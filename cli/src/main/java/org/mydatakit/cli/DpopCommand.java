package org.mydatakit.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mydatakit dpop}: a consumer's DPoP key and proofs. */
@Command(
    name = "dpop",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Manage a consumer's DPoP key (RFC 9449) and create proofs.",
    subcommands = {DpopGenerateCommand.class, DpopProofCommand.class})
final class DpopCommand implements Runnable {
  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "expected a subcommand: generate or proof");
  }
}
