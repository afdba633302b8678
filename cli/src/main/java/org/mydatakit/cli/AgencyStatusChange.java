package org.mydatakit.cli;

import org.mydatakit.broker.Agency;
import org.mydatakit.broker.AgencyNotFoundException;
import org.mydatakit.broker.ConsentStoreException;
import org.mydatakit.consent.AgencyId;
import picocli.CommandLine.Model.CommandSpec;

/** What {@code agencies suspend} and {@code agencies resume} share. */
final class AgencyStatusChange {
  private AgencyStatusChange() {}

  /** Sets the status, prints {@code ID STATUS}; an unknown id is refused (exit 3). */
  static int run(CommandSpec spec, RegistryStoreOption store, String id, Agency.Status status) {
    Inputs inputs = new Inputs(spec);
    AgencyId agencyId = inputs.parse("--id", () -> AgencyId.of(id));
    Agency changed;
    try {
      changed = store.open(inputs, false).setStatus(agencyId, status);
    } catch (AgencyNotFoundException e) {
      spec.commandLine().getErr().println("mydatakit: " + e.getMessage());
      return Main.REJECTED;
    } catch (ConsentStoreException e) {
      throw new CliFailure("cannot write the store: " + e.getMessage(), e);
    }
    spec.commandLine().getOut().println(changed.id() + " " + changed.status());
    return Main.OK;
  }
}
