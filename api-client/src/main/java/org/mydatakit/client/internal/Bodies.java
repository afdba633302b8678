package org.mydatakit.client.internal;

import java.io.IOException;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/** Reads response bodies without ever holding more than the cap plus one read. */
public final class Bodies {
  private Bodies() {}

  /** Thrown when a body is longer than allowed; nothing past the cap was kept. */
  public static final class OversizeException extends Exception {
    private static final long serialVersionUID = 1L;

    OversizeException() {
      super("body over the size cap", null, false, false);
    }
  }

  /**
   * The whole body, if it has at most {@code max} bytes.
   *
   * @throws OversizeException if the declared or actual length is over {@code max}
   * @throws IOException if the transport fails while reading
   */
  public static byte[] read(ResponseBody body, long max) throws IOException, OversizeException {
    return body == null ? new byte[0] : buffer(body, max).readByteArray();
  }

  /** As {@link #read}, in a buffer (no copy). */
  static Buffer buffer(ResponseBody body, long max) throws IOException, OversizeException {
    Buffer buffer = new Buffer();
    if (body.contentLength() > max) {
      throw new OversizeException();
    }
    BufferedSource source = body.source();
    while (buffer.size() <= max) {
      long want = Math.min(8192, max + 1 - buffer.size());
      if (source.read(buffer, want) == -1) {
        return buffer;
      }
    }
    throw new OversizeException();
  }
}
