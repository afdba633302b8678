package org.mydatakit.client;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import okhttp3.Authenticator;
import okhttp3.CookieJar;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.mydatakit.client.internal.Answers;
import org.mydatakit.client.internal.Attempts;
import org.mydatakit.client.internal.BodyLimitInterceptor;
import org.mydatakit.client.internal.DpopInterceptor;
import org.mydatakit.client.internal.IdempotencyKeys;
import org.mydatakit.client.internal.Interceptors;
import org.mydatakit.client.internal.ResponseTooLargeException;
import org.mydatakit.client.internal.RetryInterceptor;
import org.mydatakit.client.internal.TransactionIdInterceptor;
import org.mydatakit.client.internal.TransactionIds;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.grant.Grant;

/**
 * One fetch of one item as one OkHttp call: the client's interceptors retry, number, sign and read
 * it (see {@link #client}); this class names the outcome — the records (with the provider's
 * receipt, if any), or the typed failure with the agency, item, last transaction id and attempts.
 */
final class ProviderExchange {
  /** A successful fetch. */
  record Delivered(String transactionId, int attempts, Answers.Records records) {}

  private final OkHttpClient http;
  private final Duration callTimeout;
  private final Duration maxRetryAfter;

  ProviderExchange(OkHttpClient http, MyDataClientBuilder b) {
    this.http = http;
    this.callTimeout = b.callTimeout;
    this.maxRetryAfter = b.maxRetryAfter;
  }

  /**
   * The client's own OkHttp client, derived from {@code shared}: the builder's timeouts, no
   * redirects, no silent OkHttp retries, and, ahead of the application's interceptors, in order:
   * retries (outermost, so every retry passes through the rest), a new transaction id, a fresh DPoP
   * proof, and the body cap.
   */
  static OkHttpClient client(OkHttpClient shared, MyDataClientBuilder b) {
    return Interceptors.first(
            shared
                .newBuilder()
                .connectTimeout(b.connectTimeout)
                .readTimeout(b.readTimeout)
                .writeTimeout(b.readTimeout)
                .callTimeout(b.callTimeout)
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                // the application's cache, credentials and cookies are for its own calls
                .cache(null)
                .authenticator(Authenticator.NONE)
                .cookieJar(CookieJar.NO_COOKIES),
            new RetryInterceptor(b.maxAttempts, b.maxRetryAfter, b.clock),
            new TransactionIdInterceptor(new TransactionIds(b.consumer, b.clock)),
            new DpopInterceptor(b.dpopKey::proof),
            new BodyLimitInterceptor(b.maxResponseBytes))
        .build();
  }

  /**
   * Fetches {@code url} ({@code htu}: the same without query) with {@code grant}; every failure is
   * typed. Every attempt of this one fetch presents the same grant and the same {@code
   * idempotencyKey} (the provider answers a retry of a delivery it made again, without taking
   * another), each with a fresh proof and transaction id.
   */
  Delivered fetch(
      AgencyId agency, ItemCode item, HttpUrl url, URI htu, Grant grant, String idempotencyKey) {
    Attempts attempts = new Attempts(agency, item);
    Request request =
        new Request.Builder()
            .url(url)
            .header("Accept", "application/json")
            .header(IdempotencyKeys.HEADER, idempotencyKey)
            .tag(Attempts.class, attempts)
            .tag(DpopInterceptor.Bound.class, new DpopInterceptor.Bound(grant.token(), htu))
            .build();
    long deadline = System.nanoTime() + callTimeout.toNanos();
    try (Response response = http.newCall(request).execute()) {
      return answer(response, agency, item, attempts);
    } catch (ResponseTooLargeException e) {
      throw new ProviderResponseException(
          e.getMessage(),
          agency,
          item,
          attempts.transactionId(),
          attempts.count(),
          e.status(),
          null);
    } catch (IOException e) {
      throw failure(e, agency, item, attempts, deadline);
    }
  }

  private Delivered answer(Response response, AgencyId agency, ItemCode item, Attempts a)
      throws IOException {
    int status = response.code();
    String tranId = a.transactionId();
    int n = a.count();
    if (status == 200) {
      try {
        return new Delivered(tranId, n, Answers.records(response, item, tranId));
      } catch (Answers.Unacceptable e) {
        throw new ProviderResponseException(e.getMessage(), agency, item, tranId, n, 200, null);
      }
    }
    if (status == 401 || status == 403) {
      throw new GrantRejectedException(agency, item, tranId, n, status, Answers.reason(response));
    }
    if (status >= 300 && status < 400) {
      throw new ProviderResponseException(
          "redirect with status " + status + " refused", agency, item, tranId, n, status, null);
    }
    if (status != 429 && status < 500) {
      throw new ProviderResponseException(
          "unexpected status " + status, agency, item, tranId, n, status, null);
    }
    String what;
    if (!RetryInterceptor.retryable(status)) {
      what = "status " + status + ", not retried";
    } else if (a.stop() == Attempts.Stop.RETRY_AFTER_BEYOND_CAP) {
      what =
          "asked to retry after "
              + a.retryAfter().toSeconds()
              + " s, beyond the cap of "
              + maxRetryAfter.toSeconds()
              + " s";
    } else if (a.stop() == Attempts.Stop.NO_TIME_LEFT) {
      what = "status " + status + "; no time left to retry within the call timeout";
    } else {
      what = "gave up on status " + status;
    }
    throw new ProviderUnavailableException(what, agency, item, tranId, n, status, null);
  }

  private ProviderUnavailableException failure(
      IOException e, AgencyId agency, ItemCode item, Attempts a, long deadline) {
    String what;
    if (a.stop() == Attempts.Stop.INTERRUPTED) {
      what = "interrupted while waiting to retry";
    } else if (System.nanoTime() - deadline >= 0) {
      what = "call timeout of " + callTimeout.toMillis() + " ms reached";
    } else if (a.stop() == Attempts.Stop.NO_TIME_LEFT) {
      what =
          "transport failure "
              + e.getClass().getSimpleName()
              + "; no time left to retry within the call timeout";
    } else {
      what = "transport failure " + e.getClass().getSimpleName();
    }
    return new ProviderUnavailableException(
        what, agency, item, a.transactionId(), a.count(), a.status(), e);
  }
}
