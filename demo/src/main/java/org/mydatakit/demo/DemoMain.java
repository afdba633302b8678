package org.mydatakit.demo;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code mydatakit demo}: the entry point of {@code demo/target/mydatakit-demo.jar}, which the
 * {@code ./mydatakit} launcher runs for {@code ./mydatakit demo …} (every other command runs the
 * published CLI, which does not contain the sample servers).
 *
 * <p>Exit codes: 0 every step ended as expected, 1 a step did not or the demo failed, 2 usage
 * error.
 */
@Command(
    name = "mydatakit demo",
    mixinStandardHelpOptions = true,
    versionProvider = DemoMain.Version.class,
    description = {
      "Start the sample OpenID provider and the broker server (embedded H2 store",
      "under --home, or --store URL) as processes of their own, the provider",
      "agencies NHIS and NTS and the consumer KB-BANK on free loopback ports, and",
      "walk the flow over HTTP: the consent request, the citizen's sign-in and",
      "approval, grants and fetches with transaction ids, her revoke refused by",
      "the provider within the status list's ttl, her access history, the log's",
      "witness and her proof files. A second run reuses the store and shows the",
      "earlier history. Exit 0 when every step ended as expected."
    })
public final class DemoMain implements Callable<Integer> {
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

  private final PrintStream out;

  private DemoMain(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    System.exit(run(System.out, System.err, args));
  }

  /** Runs the demo with these arguments and streams; returns the exit code. */
  public static int run(PrintStream out, PrintStream err, String... args) {
    PrintWriter outWriter = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8));
    CommandLine cli =
        new CommandLine(new DemoMain(out))
            .setOut(outWriter)
            .setErr(errWriter)
            .setParameterExceptionHandler(DemoMain::usageError)
            .setExecutionExceptionHandler(
                (e, command, parsed) -> {
                  // the message may quote input; the kind of failure is enough
                  command
                      .getErr()
                      .println(
                          "mydatakit: internal error: unexpected "
                              + e.getClass().getSimpleName()
                              + "; please report it");
                  return 1;
                });
    try {
      return cli.execute(args);
    } finally {
      outWriter.flush();
      errWriter.flush();
    }
  }

  /**
   * The checkout the servers' jars are built in: {@code -Dmydatakit.checkout} (the launcher sets
   * it), else the working directory.
   */
  static final String CHECKOUT_PROPERTY = "mydatakit.checkout";

  @Override
  public Integer call() throws Exception {
    Path checkout = Path.of(System.getProperty(CHECKOUT_PROPERTY, "."));
    try {
      return Demo.run(home, store, keepRunning, checkout, out) == 0 ? 0 : 1;
    } catch (DemoFailure e) {
      out.println("demo: FAILED — " + e.getMessage());
      return 1;
    }
  }

  /** What was expected and where to find help; a stray argument is never quoted. */
  private static int usageError(ParameterException e, String[] args) {
    PrintWriter err = e.getCommandLine().getErr();
    err.println(
        "mydatakit: "
            + (e instanceof UnmatchedArgumentException
                ? "unexpected argument(s), not shown: expected only the options shown by --help"
                : e.getMessage()));
    err.println("try 'mydatakit demo --help'");
    return 2;
  }

  /** The version of the running jar, from its manifest. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = DemoMain.class.getPackage().getImplementationVersion();
      return new String[] {"mydatakit demo " + (version == null ? "dev" : version)};
    }
  }
}
