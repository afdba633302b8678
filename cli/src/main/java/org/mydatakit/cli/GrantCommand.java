package org.mydatakit.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mydatakit grant}: issue, verify and inspect grants. */
@Command(
    name = "grant",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Issue, verify and inspect grants (compact JWS).",
    subcommands = {GrantIssueCommand.class, GrantVerifyCommand.class, GrantInspectCommand.class})
final class GrantCommand implements Runnable {
  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "expected a subcommand: issue, verify or inspect");
  }
}
