package org.mydatakit.spring.boot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/** Reads a key file named by a property; a failure names the property and the file, never a key. */
final class KeyFiles {
  private KeyFiles() {}

  static <T> T read(Path file, String property, String expected, Function<String, T> parse) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(
          "mydatakit: the property "
              + property
              + " names "
              + file
              + ", which cannot be read ("
              + e.getClass().getSimpleName()
              + ")",
          null);
    }
    try {
      return parse.apply(text);
    } catch (RuntimeException e) {
      // no cause: the parser's message might quote the key
      throw new IllegalStateException(
          "mydatakit: the property " + property + " names " + file + ", which is not " + expected,
          null);
    }
  }
}
