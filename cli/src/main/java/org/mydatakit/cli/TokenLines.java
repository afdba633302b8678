package org.mydatakit.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads one token per line, skipping blank lines. A line is kept only up to {@link #MAX_LINE} + 1
 * characters (longer than any acceptable grant, so it is still rejected as too large), so hostile
 * input cannot exhaust memory.
 */
final class TokenLines {
  static final int MAX_LINE = 64 * 1024;

  private final BufferedReader reader;

  TokenLines(InputStream in) {
    this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  /** Returns the next non-blank line, stripped, or null at the end of input. */
  String next() throws IOException {
    while (true) {
      StringBuilder line = new StringBuilder();
      int c = reader.read();
      if (c < 0) {
        return null;
      }
      while (c >= 0 && c != '\n') {
        if (line.length() <= MAX_LINE) { // one more than the limit, so oversize stays visible
          line.append((char) c);
        }
        c = reader.read();
      }
      String token = line.toString().strip();
      if (!token.isEmpty()) {
        return token;
      }
    }
  }
}
