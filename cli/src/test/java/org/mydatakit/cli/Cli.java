package org.mydatakit.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs {@code mydatakit} in-process with captured streams. */
final class Cli {
  private Cli() {}

  /** What one run left behind. */
  record Result(int exitCode, String out, String err) {
    /** The lines printed to stdout. */
    String[] outLines() {
      return out.isEmpty() ? new String[0] : out.split("\n");
    }
  }

  static Result run(String... args) {
    return runWithInput(new ByteArrayInputStream(new byte[0]), args);
  }

  static Result runWithStdin(String stdin, String... args) {
    return runWithInput(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), args);
  }

  static Result runWithInput(InputStream in, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(outStream, errStream, in, args);
    }
    return new Result(
        code,
        out.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"),
        err.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"));
  }
}
