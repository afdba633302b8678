package org.mydatakit.client.internal;

import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Keeps OkHttp's own follow-up logic away from a 503's {@code Retry-After}. OkHttp re-sends a
 * request answered 503 with {@code Retry-After: 0} itself, below the application interceptors, so
 * with the same DPoP proof and transaction id (a replay), and fails with a NumberFormatException on
 * a value past {@code Integer.MAX_VALUE}. {@link #HIDE}, the first network interceptor, moves the
 * header aside before OkHttp sees it; {@link #RESTORE}, the last application interceptor, puts it
 * back, so every other interceptor and the caller see the answer as sent.
 */
final class RetryAfterShield {
  static final String HIDDEN = "X-Mydatakit-Retry-After";

  static final Interceptor HIDE =
      chain -> {
        Response response = chain.proceed(chain.request());
        String value = response.code() == 503 ? response.header("Retry-After") : null;
        return value == null
            ? response
            : response.newBuilder().removeHeader("Retry-After").header(HIDDEN, value).build();
      };

  static final Interceptor RESTORE =
      chain -> {
        Response response = chain.proceed(chain.request());
        String value = response.header(HIDDEN);
        return value == null
            ? response
            : response.newBuilder().removeHeader(HIDDEN).header("Retry-After", value).build();
      };

  private RetryAfterShield() {}
}
