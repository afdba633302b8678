package org.mydatakit.cli;

import java.util.concurrent.Callable;
import org.mydatakit.broker.Agency;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mydatakit agencies suspend --store URL --id ID}. */
@Command(
    name = "suspend",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Suspend a registered agency: it stays registered but may not take part.",
      "Prints the agency's id and its new status, SUSPENDED; an unknown id is refused (exit 3)."
    })
final class AgenciesSuspendCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private RegistryStoreOption store;

  @Option(
      names = "--id",
      paramLabel = "ID",
      required = true,
      description = "The id of the agency to suspend.")
  String id;

  @Override
  public Integer call() {
    return AgencyStatusChange.run(spec, store, id, Agency.Status.SUSPENDED);
  }
}
