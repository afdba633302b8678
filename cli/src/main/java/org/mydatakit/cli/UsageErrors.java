package org.mydatakit.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Reports a usage error (exit 2) in two lines: what was expected, and where to find help. Unmatched
 * arguments are never quoted (picocli would quote them, and a stray one may be a token); only
 * unknown option names are.
 */
final class UsageErrors implements IParameterExceptionHandler {

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    String message =
        e instanceof UnmatchedArgumentException unmatched
            ? describe(unmatched.getUnmatched())
            : lowerFirst(e.getMessage());
    err.println("mydatakit: " + message);
    err.println("try '" + command.getCommandSpec().qualifiedName() + " --help'");
    return Main.USAGE;
  }

  private static String describe(List<String> unmatched) {
    List<String> options =
        unmatched.stream().filter(a -> a.matches("--?[A-Za-z][A-Za-z0-9-]{0,40}")).toList();
    if (!options.isEmpty()) {
      return "unknown option " + String.join(", ", options) + ": expected an option of --help";
    }
    return unmatched.size()
        + " unexpected argument(s), not shown: expected only the parameters shown by --help";
  }

  static String lowerFirst(String message) {
    if (message == null || message.isEmpty()) {
      return "usage error";
    }
    return message.substring(0, 1).toLowerCase(Locale.ROOT) + message.substring(1);
  }
}
