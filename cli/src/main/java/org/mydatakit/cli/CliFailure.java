package org.mydatakit.cli;

/**
 * A failure of the command itself (an i/o error on a file it writes or on standard input), not of
 * the user's input: exit 1. Its message is written by this module and never quotes a token or key.
 */
final class CliFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CliFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
