package org.mydatakit.cli;

import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/**
 * Reports a usage error (exit 2) in one or two lines: what was expected, and where to find help.
 * Never echoes the arguments, which may hold a token.
 */
final class UsageErrors implements IParameterExceptionHandler {

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    err.println("mydatakit: " + lowerFirst(e.getMessage()));
    err.println("try '" + command.getCommandSpec().qualifiedName() + " --help'");
    return Main.USAGE;
  }

  static String lowerFirst(String message) {
    if (message == null || message.isEmpty()) {
      return "usage error";
    }
    return message.substring(0, 1).toLowerCase(Locale.ROOT) + message.substring(1);
  }
}
