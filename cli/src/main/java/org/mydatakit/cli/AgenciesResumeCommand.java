package org.mydatakit.cli;

import java.util.concurrent.Callable;
import org.mydatakit.broker.Agency;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mydatakit agencies resume --store URL --id ID}. */
@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Resume a suspended agency: it may take part again.",
      "Prints the agency's id and its new status, ACTIVE; an unknown id is refused (exit 3)."
    })
final class AgenciesResumeCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private RegistryStoreOption store;

  @Option(
      names = "--id",
      paramLabel = "ID",
      required = true,
      description = "The id of the agency to resume.")
  String id;

  @Override
  public Integer call() {
    return AgencyStatusChange.run(spec, store, id, Agency.Status.ACTIVE);
  }
}
