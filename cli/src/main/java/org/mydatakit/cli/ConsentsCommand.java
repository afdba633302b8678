package org.mydatakit.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mydatakit consents}: read a broker's consents. */
@Command(
    name = "consents",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Read the consents of a broker's store.",
    subcommands = {ConsentsListCommand.class, ConsentsOverdueErasureCommand.class})
final class ConsentsCommand implements Runnable {
  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "expected a subcommand: list or overdue-erasure");
  }
}
