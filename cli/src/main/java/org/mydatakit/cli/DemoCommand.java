package org.mydatakit.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mydatakit.examples.demo.Demo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mydatakit demo}: the whole MyData flow on loopback ports, step by step. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Run the whole MyData flow on loopback ports, step by step.",
      "It starts a broker (on the embedded H2 store under --home, or on --store URL), the"
          + " provider agencies NHIS and NTS and the consumer KB-BANK on free loopback ports."
          + " Then it walks the flow: request, approval and receipt, grants and fetches with"
          + " transaction ids, the remaining budget, a revoke the provider refuses within the"
          + " status list's ttl, the access history and the audit chain.",
      "A second run reuses the store and shows the earlier history too.",
      "Exit 0 when every step ended as expected."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(
      names = "--home",
      paramLabel = "DIR",
      defaultValue = ".mydatakit",
      description = "The directory the store and keys live in (default: ${DEFAULT-VALUE}).")
  private Path home;

  @Option(
      names = "--store",
      paramLabel = "URL",
      description =
          "Run the broker on the store at this JDBC URL instead of the H2 file under --home:"
              + " jdbc:postgresql://127.0.0.1:5432/test?user=postgres runs it on PostgreSQL.")
  private String store;

  @Option(
      names = "--keep-running",
      description = "Leave the servers up after the last step, until Ctrl-C.")
  private boolean keepRunning;

  @Override
  public Integer call() throws Exception {
    PrintStream out = ((Main) spec.root().userObject()).out();
    spec.commandLine().getOut().flush();
    return Demo.run(home, store, keepRunning, out) == 0 ? Main.OK : Main.INTERNAL_ERROR;
  }
}
