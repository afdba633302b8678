package org.mydatakit.cli;

import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Entry point of the {@code mydatakit} command: keys, grants and DPoP tooling for brokers,
 * consumers and provider agencies.
 *
 * <p>Exit codes: 0 success, 1 internal error, 2 usage error, 3 a grant or status list was rejected
 * or a log's proof, checkpoint or consistency does not verify, or an agency change was refused (its
 * id is already registered, or no agency has it), or an event to replay is not a dead or rejected
 * one.
 */
@Command(
    name = "mydatakit",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Keys, grants and DPoP proofs for MyData brokers, consumers and providers.",
    subcommands = {
      KeysCommand.class,
      GrantCommand.class,
      AuditCommand.class,
      ConsentsCommand.class,
      EventsCommand.class,
      AgenciesCommand.class,
      DpopCommand.class,
      StatusListCommand.class,
      QuickstartCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:internal error",
      "2:usage error (missing or contradictory options, unreadable input)",
      "3:a grant or status list was rejected, an audit chain is broken, or a log's proof,"
          + " checkpoint or consistency does not verify (a witness refused), or an agency"
          + " change was refused (its id is already registered, or no agency has it), or an"
          + " event to replay is not a dead or rejected one"
    },
    footer = {
      "",
      "In a source checkout, ./mydatakit demo runs the whole flow with a sample",
      "broker, agencies and a consumer on loopback ports (not part of this jar)."
    })
public final class Main implements Runnable {
  static final int OK = 0;
  static final int INTERNAL_ERROR = 1;
  static final int USAGE = 2;
  static final int REJECTED = 3;

  private final InputStream in;

  @Spec private CommandSpec spec;

  private Main(InputStream in) {
    this.in = in;
  }

  public static void main(String[] args) {
    System.exit(run(System.out, System.err, System.in, args));
  }

  /**
   * Runs the command with the given streams and returns its exit code; never calls {@code
   * System.exit}.
   */
  public static int run(PrintStream out, PrintStream err, InputStream in, String... args) {
    PrintWriter outWriter = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8));
    CommandLine cli =
        new CommandLine(new Main(in))
            .setOut(outWriter)
            .setErr(errWriter)
            // A value may begin with "-" (a base64url thumbprint such as "-hjZ…"): after an
            // option that takes one, the next argument is its value.
            .setAllowOptionsAsOptionParameters(true)
            .setParameterExceptionHandler(new UsageErrors())
            .setExecutionExceptionHandler(new InternalErrors());
    try {
      return cli.execute(args);
    } finally {
      outWriter.flush();
      errWriter.flush();
    }
  }

  /** The standard input the command reads from, for subcommands that take {@code -}. */
  InputStream in() {
    return in;
  }

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(),
        "expected a subcommand: keys, grant, dpop, status-list, audit, consents, events,"
            + " agencies or quickstart");
  }
}
