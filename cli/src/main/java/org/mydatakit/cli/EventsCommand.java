package org.mydatakit.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mydatakit events}: the consent events a broker could not deliver. */
@Command(
    name = "events",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "List and replay the consent events a broker's store could not deliver.",
    subcommands = {EventsDeadLettersCommand.class, EventsReplayCommand.class})
final class EventsCommand implements Runnable {
  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "expected a subcommand: dead-letters or replay");
  }
}
