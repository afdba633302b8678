package org.mydatakit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.mydatakit.audit.AuditJson;
import org.mydatakit.broker.ConsentStoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mydatakit audit export --store URL}: the audit chain as JSON lines on stdout. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Write a broker's audit chain to standard output as JSON lines, oldest first.",
      "This is the format `mydatakit audit verify FILE` reads."
    })
final class AuditExportCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private StoreOption store;

  @Override
  public Integer call() {
    Inputs inputs = new Inputs(spec);
    if (store.url == null) {
      throw inputs.error("expected --store URL");
    }
    PrintWriter out = spec.commandLine().getOut();
    try {
      AuditJson.write(store.open(inputs).auditLog(), out);
    } catch (ConsentStoreException e) {
      throw new CliFailure("cannot read the store: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new CliFailure("cannot write: " + e.getClass().getSimpleName(), e);
    }
    out.flush();
    return Main.OK;
  }
}
