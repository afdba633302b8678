package org.mydatakit.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Reports an unexpected failure (exit 1) in one line naming the kind of failure. The exception's
 * message is shown only for {@link CliFailure}, whose messages this module writes; other messages
 * may quote input (a token, a key) and are never printed.
 */
final class InternalErrors implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
    String detail =
        e instanceof CliFailure
            ? e.getMessage()
            : "unexpected " + e.getClass().getSimpleName() + "; please report it";
    command.getErr().println("mydatakit: internal error: " + detail);
    return Main.INTERNAL_ERROR;
  }
}
