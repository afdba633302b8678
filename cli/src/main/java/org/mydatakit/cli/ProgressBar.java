package org.mydatakit.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.function.LongConsumer;

/**
 * A one-line progress bar, redrawn with {@code \r} on standard error, for long audit chains. Only
 * shown on a terminal: the caller decides, so that tests and CI never see it.
 */
final class ProgressBar implements LongConsumer {
  private static final int WIDTH = 20;

  private final PrintWriter err;
  private final long totalBytes;
  private final CountingInputStream in;
  private int lastLength;

  ProgressBar(PrintWriter err, long totalBytes, CountingInputStream in) {
    this.err = err;
    this.totalBytes = totalBytes;
    this.in = in;
  }

  /** Redraws the bar after {@code entries} entries. */
  @Override
  public void accept(long entries) {
    int percent = totalBytes <= 0 ? 0 : (int) Math.min(100, in.count * 100 / totalBytes);
    int filled = percent * WIDTH / 100;
    String line =
        "verifying ["
            + "#".repeat(filled)
            + ".".repeat(WIDTH - filled)
            + "] "
            + percent
            + "% "
            + entries
            + " entries";
    err.print("\r" + line);
    err.flush();
    lastLength = line.length();
  }

  /** Erases the bar, if it was drawn, so that the verdict starts on a clean line. */
  void clear() {
    if (lastLength > 0) {
      err.print("\r" + " ".repeat(lastLength) + "\r");
      err.flush();
      lastLength = 0;
    }
  }

  /** Counts the bytes read through it, for the bar's percentage. */
  static final class CountingInputStream extends FilterInputStream {
    private long count;

    CountingInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }
}
