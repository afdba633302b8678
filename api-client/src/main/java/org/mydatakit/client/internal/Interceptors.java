package org.mydatakit.client.internal;

import java.util.List;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/** Where the client's own interceptors go in a client derived from the application's. */
public final class Interceptors {
  private Interceptors() {}

  /**
   * {@code builder} with {@code ours} first, in order, ahead of the application's interceptors: so
   * each retry passes through the application's interceptors too, and they see every request as
   * sent (with its transaction id and proof). Also keeps OkHttp from re-sending a 503 itself
   * ({@link RetryAfterShield}).
   */
  public static OkHttpClient.Builder first(OkHttpClient.Builder builder, Interceptor... ours) {
    builder.interceptors().addAll(0, List.of(ours));
    builder.interceptors().add(RetryAfterShield.RESTORE);
    builder.networkInterceptors().add(0, RetryAfterShield.HIDE);
    return builder;
  }
}
