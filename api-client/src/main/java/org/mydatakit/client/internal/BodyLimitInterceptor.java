package org.mydatakit.client.internal;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;

/**
 * Reads every answer's body within the call, so that a body cut off is a transport failure that
 * {@link RetryInterceptor} (outside this one) can retry, and the caller gets it in memory, never
 * more than the cap. A 2xx body over {@code maxBytes} is a {@link ResponseTooLargeException}. The
 * body of any other status is only ever read for a short problem reason: over {@link
 * #MAX_PROBLEM_BYTES} (or broken off while read) it is dropped and the answer keeps its status with
 * an empty body — a refusal without a readable reason is still a refusal.
 */
public final class BodyLimitInterceptor implements Interceptor {
  /** The most kept of a body that is not 2xx. */
  public static final long MAX_PROBLEM_BYTES = 16 * 1024;

  private final long maxBytes;

  public BodyLimitInterceptor(long maxBytes) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("max bytes: expected 1 or more, got " + maxBytes);
    }
    this.maxBytes = maxBytes;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Response response = chain.proceed(chain.request());
    Buffer kept;
    MediaType type;
    try (ResponseBody body = response.body()) {
      type = body.contentType();
      kept = response.isSuccessful() ? success(response, body) : problem(body);
    }
    return response.newBuilder().body(ResponseBody.create(kept, type, kept.size())).build();
  }

  private Buffer success(Response response, ResponseBody body) throws IOException {
    try {
      return Bodies.buffer(body, maxBytes);
    } catch (Bodies.OversizeException e) {
      throw new ResponseTooLargeException(response.code(), maxBytes);
    }
  }

  private Buffer problem(ResponseBody body) {
    try {
      return Bodies.buffer(body, Math.min(maxBytes, MAX_PROBLEM_BYTES));
    } catch (IOException | Bodies.OversizeException e) {
      return new Buffer();
    }
  }

  @Override
  public String toString() {
    return "BodyLimitInterceptor[" + maxBytes + "]";
  }
}
