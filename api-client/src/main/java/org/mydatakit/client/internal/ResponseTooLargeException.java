package org.mydatakit.client.internal;

import java.io.IOException;

/**
 * A successful answer whose body is longer than the cap; nothing past the cap was kept. Not a
 * transport failure: {@link RetryInterceptor} never retries it.
 */
public final class ResponseTooLargeException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final long maxBytes;

  ResponseTooLargeException(int status, long maxBytes) {
    super("expected a body of at most " + maxBytes + " bytes, got more");
    this.status = status;
    this.maxBytes = maxBytes;
  }

  /** The status of the answer. */
  public int status() {
    return status;
  }

  /** The cap that was passed. */
  public long maxBytes() {
    return maxBytes;
  }
}
