package org.mydatakit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mydatakit.client.ClientFixture.QUALIFICATION;
import static org.mydatakit.client.ClientFixture.itemGet;
import static org.mydatakit.client.ClientFixture.problem;
import static org.mydatakit.client.ClientFixture.records;

import com.github.tomakehurst.wiremock.client.WireMock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Cache;
import okhttp3.Cookie;
import okhttp3.CookieJar;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application's shared OkHttpClient may carry a cache, an authenticator and a cookie jar for its
 * own calls; none of them reaches a provider: records are never cached on disk, a 401 is never
 * answered with the application's credentials, and no cookie rides along with a grant.
 */
class SharedClientTest {
  private final ClientFixture f = new ClientFixture();

  @AfterEach
  void stop() {
    f.close();
  }

  @Test
  void theApplicationsCacheAuthenticatorAndCookiesStayOutOfFetches(@TempDir Path dir)
      throws Exception {
    AtomicInteger authenticatorCalls = new AtomicInteger();
    List<Cookie> cookiesSaved = new ArrayList<>();
    AtomicInteger cookiesAsked = new AtomicInteger();
    Cache cache = new Cache(dir.toFile(), 1 << 20);
    OkHttpClient shared =
        new OkHttpClient.Builder()
            .cache(cache)
            .authenticator(
                (route, response) -> {
                  authenticatorCalls.incrementAndGet();
                  return response.request().newBuilder().header("Authorization", "Basic x").build();
                })
            .cookieJar(
                new CookieJar() {
                  @Override
                  public void saveFromResponse(HttpUrl url, List<Cookie> cookies) {
                    cookiesSaved.addAll(cookies);
                  }

                  @Override
                  public List<Cookie> loadForRequest(HttpUrl url) {
                    cookiesAsked.incrementAndGet();
                    return List.of();
                  }
                })
            .build();
    MyDataClient client = f.client(b -> b.okHttpClient(shared));

    f.wm.stubFor(
        itemGet("/nhis", QUALIFICATION)
            .willReturn(
                records(QUALIFICATION)
                    .withHeader("Cache-Control", "public, max-age=600")
                    .withHeader("Set-Cookie", "session=abc; Path=/")));
    client.fetch(f.consentId, QUALIFICATION);
    client.fetch(f.consentId, QUALIFICATION);
    assertThat(f.wm.findAll(WireMock.getRequestedFor(WireMock.urlPathMatching("/nhis/.*"))))
        .as("both fetches reached the agency; none was answered from the cache")
        .hasSize(2);
    assertThat(cache.requestCount()).isZero();
    assertThat(cache.size()).isZero();
    assertThat(cookiesSaved).isEmpty();
    assertThat(cookiesAsked).hasValue(0);

    f.wm.stubFor(itemGet("/nhis", QUALIFICATION).willReturn(problem(401, "INVALID_TOKEN")));
    Throwable thrown = catchThrowable(() -> client.fetch(f.consentId, QUALIFICATION));
    assertThat(thrown).isInstanceOf(GrantRejectedException.class);
    assertThat(authenticatorCalls).hasValue(0);
  }
}
