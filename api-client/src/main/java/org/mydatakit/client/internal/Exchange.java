package org.mydatakit.client.internal;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.mydatakit.client.GrantRejectedException;
import org.mydatakit.client.ProviderResponseException;
import org.mydatakit.client.ProviderUnavailableException;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.grant.Grant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fetch of one item: up to {@code maxAttempts} GET requests, each with a fresh DPoP proof and a
 * new transaction id, all within one deadline of {@code callTimeout} (each request's OkHttp call
 * timeout is the time left), with backoff or {@code Retry-After} between them.
 */
public final class Exchange {
  private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);

  /** The client's settings, fixed at build time. */
  public record Settings(
      OkHttpClient http,
      DpopKey dpopKey,
      TransactionIds ids,
      int maxAttempts,
      Duration maxRetryAfter,
      long maxResponseBytes,
      Duration callTimeout,
      Clock clock) {}

  /** A successful fetch. */
  public record Delivered(String transactionId, int attempts, Answers.Records records) {}

  private final Settings s;

  public Exchange(Settings settings) {
    this.s = settings;
  }

  /** Fetches, retrying what may be retried; every failure is one of the typed exceptions. */
  public Delivered fetch(AgencyId agency, ItemCode item, HttpUrl url, Grant grant) {
    long deadline = System.nanoTime() + s.callTimeout().toNanos();
    URI htu = url.newBuilder().query(null).fragment(null).build().uri();
    for (int attempt = 1; ; attempt++) {
      String tranId = s.ids().next();
      Call call = s.http().newCall(request(url, htu, grant, tranId));
      call.timeout().timeout(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      Duration wait;
      String what;
      int status = 0;
      try (Response response = call.execute()) {
        status = response.code();
        LOG.debug(
            "fetch {} {} status {} tran {} attempt {}", agency, item, status, tranId, attempt);
        if (status == 200) {
          return delivered(response, agency, item, tranId, attempt);
        }
        if (status == 401 || status == 403) {
          String reason = Answers.reason(response);
          throw new GrantRejectedException(agency, item, tranId, attempt, status, reason);
        }
        if (status >= 300 && status < 400) {
          throw new ProviderResponseException(
              "redirect with status " + status + " refused",
              agency,
              item,
              tranId,
              attempt,
              status,
              null);
        }
        if (status != 429 && status < 500) {
          throw new ProviderResponseException(
              "unexpected status " + status, agency, item, tranId, attempt, status, null);
        }
        if (status != 429 && status != 502 && status != 503 && status != 504) {
          throw unavailable(
              "status " + status + ", not retried", agency, item, tranId, attempt, status, null);
        }
        Duration after = Backoff.retryAfter(response.header("Retry-After"), s.clock());
        if (after != null && after.compareTo(s.maxRetryAfter()) > 0) {
          throw unavailable(
              "asked to retry after "
                  + after.toSeconds()
                  + " s, beyond the cap of "
                  + s.maxRetryAfter().toSeconds()
                  + " s",
              agency,
              item,
              tranId,
              attempt,
              status,
              null);
        }
        wait = after != null ? after : Backoff.after(attempt);
        what = "status " + status;
      } catch (IOException e) {
        LOG.debug(
            "fetch {} {} failed with {} tran {} attempt {}",
            agency,
            item,
            e.getClass().getSimpleName(),
            tranId,
            attempt);
        if (System.nanoTime() - deadline >= 0) {
          throw unavailable(
              "call timeout of " + s.callTimeout().toMillis() + " ms reached",
              agency,
              item,
              tranId,
              attempt,
              0,
              e);
        }
        if (attempt >= s.maxAttempts()) {
          throw unavailable(
              "transport failure " + e.getClass().getSimpleName(),
              agency,
              item,
              tranId,
              attempt,
              0,
              e);
        }
        wait = Backoff.after(attempt);
        what = "transport failure " + e.getClass().getSimpleName();
      }
      if (attempt >= s.maxAttempts()) {
        throw unavailable("gave up on " + what, agency, item, tranId, attempt, status, null);
      }
      pause(attempt, wait, deadline, what, agency, item, tranId, status);
    }
  }

  private Request request(HttpUrl url, URI htu, Grant grant, String tranId) {
    return new Request.Builder()
        .url(url)
        .get()
        .header("Authorization", "DPoP " + grant.token())
        .header("DPoP", s.dpopKey().proof("GET", htu, grant.token()))
        .header("X-Api-Tran-Id", tranId)
        .header("Accept", "application/json")
        .build();
  }

  private Delivered delivered(
      Response response, AgencyId agency, ItemCode item, String tranId, int attempt)
      throws IOException {
    try {
      return new Delivered(
          tranId, attempt, Answers.records(response, item, tranId, s.maxResponseBytes()));
    } catch (Answers.Unacceptable e) {
      throw new ProviderResponseException(e.getMessage(), agency, item, tranId, attempt, 200, null);
    }
  }

  /** Sleeps before the next attempt, or gives up if the wait would pass the deadline. */
  private void pause(
      int attempt,
      Duration wait,
      long deadline,
      String what,
      AgencyId agency,
      ItemCode item,
      String tranId,
      int status) {
    if (System.nanoTime() + wait.toNanos() - deadline >= 0) {
      throw unavailable(
          what + "; no time left to retry within the call timeout",
          agency,
          item,
          tranId,
          attempt,
          status,
          null);
    }
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable(
          "interrupted while waiting to retry", agency, item, tranId, attempt, status, e);
    }
  }

  private static ProviderUnavailableException unavailable(
      String what,
      AgencyId agency,
      ItemCode item,
      String tranId,
      int attempt,
      int status,
      Throwable cause) {
    return new ProviderUnavailableException(what, agency, item, tranId, attempt, status, cause);
  }
}
