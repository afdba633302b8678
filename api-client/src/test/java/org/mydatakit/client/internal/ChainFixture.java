package org.mydatakit.client.internal;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.grant.DpopKey;

/**
 * The client's interceptors on a plain OkHttp client, in the client's order, against WireMock:
 * retries, transaction id, DPoP proof, body cap.
 */
final class ChainFixture implements AutoCloseable {
  static final String TOKEN = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl";

  final WireMockServer wm =
      new WireMockServer(options().dynamicPort().notifier(new Slf4jNotifier(false)));
  final DpopKey dpopKey = DpopKey.generate();

  ChainFixture() {
    wm.start();
  }

  OkHttpClient client(int maxAttempts, Duration maxRetryAfter, Clock clock, Duration callTimeout) {
    return client(new OkHttpClient(), maxAttempts, maxRetryAfter, clock, callTimeout, 1024);
  }

  OkHttpClient client(
      OkHttpClient shared,
      int maxAttempts,
      Duration maxRetryAfter,
      Clock clock,
      Duration callTimeout,
      long maxBytes) {
    return Interceptors.first(
            shared
                .newBuilder()
                .callTimeout(callTimeout)
                .followRedirects(false)
                .retryOnConnectionFailure(false),
            new RetryInterceptor(maxAttempts, maxRetryAfter, clock),
            new TransactionIdInterceptor(new TransactionIds(AgencyId.of("KB-BANK"), clock)),
            new DpopInterceptor(dpopKey::proof),
            new BodyLimitInterceptor(maxBytes))
        .build();
  }

  /** A GET of {@code path} with a grant to present; its {@link Attempts} is the tag. */
  Request get(String path) {
    return new Request.Builder()
        .url(wm.baseUrl() + path)
        .tag(Attempts.class, new Attempts("NHIS", "nhis.qualification"))
        .tag(DpopInterceptor.Bound.class, new DpopInterceptor.Bound(TOKEN, null))
        .build();
  }

  /** Runs {@code request}; the status, or -1 with the failure kept in {@code failure}. */
  static Outcome run(OkHttpClient client, Request request) {
    Attempts attempts = request.tag(Attempts.class);
    try (Response response = client.newCall(request).execute()) {
      return new Outcome(response.code(), response.body().string(), null, attempts);
    } catch (IOException e) {
      return new Outcome(-1, null, e, attempts);
    }
  }

  record Outcome(int status, String body, IOException failure, Attempts attempts) {}

  /** The requests WireMock received, oldest first. */
  List<LoggedRequest> requests() {
    List<LoggedRequest> sent = new ArrayList<>();
    wm.getAllServeEvents().forEach(e -> sent.add(0, e.getRequest()));
    return sent;
  }

  @Override
  public void close() {
    wm.stop();
  }
}
