package org.mydatakit.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Reads the files and values a command was given. Bad input is a usage error (exit 2) whose message
 * names the option and what was expected; core's messages never quote secrets, so they are passed
 * on.
 */
final class Inputs {
  private final CommandSpec spec;

  Inputs(CommandSpec spec) {
    this.spec = spec;
  }

  /** The text of {@code file}, given as {@code option}, described as {@code what}. */
  String read(String option, String what, Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw error(option + ": expected a readable " + what + ", cannot read " + file);
    }
  }

  /** Runs {@code step}, turning core's argument and configuration errors into usage errors. */
  <T> T parse(String option, Supplier<T> step) {
    try {
      return step.get();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw error(option == null ? e.getMessage() : option + ": " + e.getMessage());
    }
  }

  /** A usage error of this command. */
  ParameterException error(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
