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
      "Start a broker (embedded H2 store under --home, or --store URL), the provider agencies",
      "NHIS and NTS and the consumer KB-BANK on free loopback ports, and walk the flow:",
      "request, approval and receipt, grants and fetches with transaction ids, the remaining",
      "budget, a revoke refused by the provider within the status list's ttl, the access",
      "history and the audit chain. A second run reuses the store and shows the earlier history.",
      "Exit 0 when every step ended as expected."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(
      names = "--home",
      paramLabel = "DIR",
      defaultValue = ".mydatakit",
      description = "Where the store and keys live (default: ${DEFAULT-VALUE}).")
  private Path home;

  @Option(
      names = "--store",
      paramLabel = "URL",
      description =
          "Run on this JDBC URL instead (e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres).")
  private String store;

  @Option(names = "--keep-running", description = "Leave the servers up and print their URLs.")
  private boolean keepRunning;

  @Override
  public Integer call() throws Exception {
    PrintStream out = ((Main) spec.root().userObject()).out();
    spec.commandLine().getOut().flush();
    return Demo.run(home, store, keepRunning, out) == 0 ? Main.OK : Main.INTERNAL_ERROR;
  }
}
