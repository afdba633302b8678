package org.mydatakit.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mydatakit status-list}: build and inspect Status List Tokens. */
@Command(
    name = "status-list",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Build (broker) and inspect (provider) signed token status lists.",
    subcommands = {StatusListBuildCommand.class, StatusListInspectCommand.class})
final class StatusListCommand implements Runnable {
  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "expected a subcommand: build or inspect");
  }
}
