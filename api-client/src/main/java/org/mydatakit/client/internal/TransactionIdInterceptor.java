package org.mydatakit.client.internal;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Sets a new {@code X-Api-Tran-Id} on every HTTP request that passes, retries included (it runs
 * inside {@link RetryInterceptor}), and notes it in the request's {@link Attempts} tag.
 */
public final class TransactionIdInterceptor implements Interceptor {
  /** The header of the transaction id (거래고유번호), which the provider echoes. */
  public static final String HEADER = "X-Api-Tran-Id";

  private final TransactionIds ids;

  public TransactionIdInterceptor(TransactionIds ids) {
    this.ids = ids;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    String id = ids.next();
    Attempts attempts = request.tag(Attempts.class);
    if (attempts != null) {
      attempts.transactionId(id);
    }
    return chain.proceed(request.newBuilder().header(HEADER, id).build());
  }

  @Override
  public String toString() {
    return "TransactionIdInterceptor";
  }
}
