package org.mydatakit.provider.internal;

import java.io.IOException;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/** Reads response bodies without ever holding more than the cap plus one read. */
final class Bodies {
  private Bodies() {}

  /** Thrown when a body is longer than allowed; nothing past the cap was kept. */
  static final class OversizeException extends Exception {
    private static final long serialVersionUID = 1L;

    OversizeException() {
      super("body over the size cap", null, false, false);
    }
  }

  /**
   * The whole body, if it has at most {@code max} bytes: a declared length over the cap is refused
   * before reading, an undeclared one while streaming.
   */
  static byte[] read(ResponseBody body, long max) throws IOException, OversizeException {
    if (body == null) {
      return new byte[0];
    }
    if (body.contentLength() > max) {
      throw new OversizeException();
    }
    Buffer buffer = new Buffer();
    BufferedSource source = body.source();
    while (buffer.size() <= max) {
      long want = Math.min(8192, max + 1 - buffer.size());
      if (source.read(buffer, want) == -1) {
        return buffer.readByteArray();
      }
    }
    throw new OversizeException();
  }
}
