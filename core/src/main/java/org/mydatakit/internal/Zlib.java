package org.mydatakit.internal;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * zlib (RFC 1950) compression for status lists, with a hard cap on inflation: a hostile list is a
 * decompression bomb, so output is produced in small steps and refused the moment it would pass the
 * cap, before anything past the cap is allocated.
 */
public final class Zlib {
  private static final int STEP = 64 * 1024;

  private Zlib() {}

  /** The stream would inflate past its cap. */
  public static final class TooLargeException extends Exception {
    private static final long serialVersionUID = 1L;

    TooLargeException() {
      super("the inflated data exceeds the limit", null, false, false);
    }
  }

  /** Compresses {@code bytes} with the best compression, zlib header and Adler-32 trailer. */
  public static byte[] compress(byte[] bytes) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
    try {
      deflater.setInput(bytes);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, bytes.length / 16));
      byte[] buffer = new byte[STEP];
      while (!deflater.finished()) {
        out.write(buffer, 0, deflater.deflate(buffer));
      }
      return out.toByteArray();
    } finally {
      deflater.end();
    }
  }

  /**
   * Inflates exactly one zlib stream.
   *
   * @throws TooLargeException as soon as the output would exceed {@code maxBytes}
   * @throws IllegalArgumentException if the data is not exactly one valid zlib stream (bad header
   *     or checksum, a preset dictionary, truncation, or trailing bytes)
   */
  public static byte[] inflate(byte[] zlib, long maxBytes) throws TooLargeException {
    Inflater inflater = new Inflater(false);
    try {
      inflater.setInput(zlib);
      byte[] out = new byte[(int) Math.min(STEP, maxBytes + 1)];
      int length = 0;
      while (!inflater.finished()) {
        if (length == out.length) {
          if (length > maxBytes) {
            throw new TooLargeException();
          }
          // Grow geometrically, but never past one byte beyond the cap: that byte detects overflow.
          out = Arrays.copyOf(out, (int) Math.min((long) length * 2, maxBytes + 1));
        }
        int n = inflater.inflate(out, length, out.length - length);
        length += n;
        if (length > maxBytes) {
          throw new TooLargeException();
        }
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new IllegalArgumentException("expected one complete zlib stream");
        }
      }
      if (inflater.getRemaining() != 0) {
        throw new IllegalArgumentException("expected one zlib stream, got trailing bytes");
      }
      return length == out.length ? out : Arrays.copyOf(out, length);
    } catch (DataFormatException e) {
      throw new IllegalArgumentException("expected a valid zlib stream", e);
    } finally {
      inflater.end();
    }
  }
}
