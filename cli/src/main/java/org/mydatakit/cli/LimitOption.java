package org.mydatakit.cli;

import picocli.CommandLine.Option;

/** {@code --limit N}: how many lines a listing command prints at most. */
final class LimitOption {
  static final int MAX = 10_000;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "100",
      description = "The most lines to print, 1 to 10000 (100 by default).")
  int limit;

  /** The limit, or a usage error if it is out of range (never clamped). */
  int checked(Inputs inputs) {
    if (limit < 1 || limit > MAX) {
      throw inputs.error("--limit: expected 1 to " + MAX + ", got " + limit);
    }
    return limit;
  }
}
