package org.mydatakit.client.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retry policy, as the outermost interceptor: up to {@code maxAttempts} requests per call, each
 * passing again through the interceptors after this one (so each gets a new transaction id and a
 * fresh proof). Retried: transport failures (an {@link IOException}, not {@link
 * ResponseTooLargeException}) and 429, 502, 503 and 504, after {@link Backoff#after} or the
 * answer's {@link RetryAfter Retry-After} up to {@code maxRetryAfter}; a longer {@code Retry-After}
 * ends the call at once. Only GET and HEAD are retried: asking twice must be harmless.
 *
 * <p>All attempts and waits run inside the one OkHttp call, so the call timeout bounds them all; a
 * wait that would pass it is not made. The last answer is returned (or the last failure thrown),
 * and the request's {@link Attempts} tag says how many requests were made and why they stopped.
 */
public final class RetryInterceptor implements Interceptor {
  private static final Logger LOG = LoggerFactory.getLogger(RetryInterceptor.class);

  private final int maxAttempts;
  private final Duration maxRetryAfter;
  private final Clock clock;

  /** {@code clock} dates an HTTP-date {@code Retry-After}. */
  public RetryInterceptor(int maxAttempts, Duration maxRetryAfter, Clock clock) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("max attempts: expected 1 or more, got " + maxAttempts);
    }
    this.maxAttempts = maxAttempts;
    this.maxRetryAfter = maxRetryAfter;
    this.clock = clock;
  }

  /** Whether an answer with {@code status} is worth asking again. */
  public static boolean retryable(int status) {
    return status == 429 || status == 502 || status == 503 || status == 504;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    Attempts attempts = request.tag(Attempts.class);
    if (attempts == null) {
      attempts = new Attempts(null, null);
      request = request.newBuilder().tag(Attempts.class, attempts).build();
    }
    long start = System.nanoTime();
    long timeout = chain.call().timeout().timeoutNanos();
    String method = request.method();
    int max = "GET".equals(method) || "HEAD".equals(method) ? maxAttempts : 1;
    for (int attempt = 1; ; attempt++) {
      attempts.started(attempt);
      Response response;
      try {
        response = chain.proceed(request);
      } catch (ResponseTooLargeException e) {
        throw e; // a complete answer, only too long: asking again would get the same
      } catch (IOException e) {
        if (LOG.isDebugEnabled()) {
          LOG.debug(
              "fetch {} {} failed with {} tran {} attempt {}",
              attempts.agency(),
              attempts.item(),
              e.getClass().getSimpleName(),
              attempts.transactionId(),
              attempt);
        }
        if (chain.call().isCanceled() || timeout != 0 && System.nanoTime() - start >= timeout) {
          throw e; // the call timeout fired (or the call was cancelled): nothing more to try
        }
        Duration wait = Backoff.after(attempt);
        if (!mayWait(attempts, attempt, max, wait, start, timeout)) {
          throw e;
        }
        sleep(attempts, wait);
        continue;
      }
      int status = response.code();
      attempts.answered(status);
      if (LOG.isDebugEnabled()) {
        LOG.debug(
            "fetch {} {} status {} tran {} attempt {}",
            attempts.agency(),
            attempts.item(),
            status,
            attempts.transactionId(),
            attempt);
      }
      if (!retryable(status)) {
        return response;
      }
      Duration after = RetryAfter.parse(response.header("Retry-After"), clock.instant());
      if (after != null && after.compareTo(maxRetryAfter) > 0) {
        attempts.stopped(Attempts.Stop.RETRY_AFTER_BEYOND_CAP, after);
        return response;
      }
      Duration wait = after != null ? after : Backoff.after(attempt);
      if (!mayWait(attempts, attempt, max, wait, start, timeout)) {
        return response;
      }
      response.close();
      sleep(attempts, wait);
    }
  }

  /** Whether another attempt may follow after {@code wait}; if not, records why. */
  private static boolean mayWait(
      Attempts attempts, int attempt, int max, Duration wait, long start, long timeout) {
    if (attempt >= max) {
      attempts.stopped(Attempts.Stop.EXHAUSTED, null);
      return false;
    }
    if (timeout != 0 && System.nanoTime() + wait.toNanos() - start - timeout >= 0) {
      attempts.stopped(Attempts.Stop.NO_TIME_LEFT, null);
      return false;
    }
    return true;
  }

  /** Waits before the next attempt; an interrupt ends the call (and is kept). */
  private static void sleep(Attempts attempts, Duration wait) throws InterruptedIOException {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      attempts.stopped(Attempts.Stop.INTERRUPTED, null);
      InterruptedIOException stop =
          new InterruptedIOException("interrupted while waiting to retry");
      stop.initCause(e);
      throw stop;
    }
  }

  @Override
  public String toString() {
    return "RetryInterceptor[maxAttempts=" + maxAttempts + ", maxRetryAfter=" + maxRetryAfter + "]";
  }
}
