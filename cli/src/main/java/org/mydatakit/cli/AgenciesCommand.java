package org.mydatakit.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mydatakit agencies}: manage who may take part. */
@Command(
    name = "agencies",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Register, list, suspend and resume the agencies a broker admits.",
    subcommands = {
      AgenciesRegisterCommand.class,
      AgenciesListCommand.class,
      AgenciesSuspendCommand.class,
      AgenciesResumeCommand.class
    })
final class AgenciesCommand implements Runnable {
  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "expected a subcommand: register, list, suspend or resume");
  }
}
