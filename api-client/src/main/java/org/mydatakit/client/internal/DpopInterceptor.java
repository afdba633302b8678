package org.mydatakit.client.internal;

import java.io.IOException;
import java.net.URI;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Signs a fresh DPoP proof (RFC 9449) for every HTTP request that passes with a {@link Bound} tag,
 * retries included (it runs inside {@link RetryInterceptor}), so no proof is ever sent twice. With
 * an access token it also sets {@code Authorization: DPoP <token>} and the proof carries its {@code
 * ath}; without one (the broker's token endpoint) the proof has no {@code ath}. Requests without
 * the tag pass unchanged.
 */
public final class DpopInterceptor implements Interceptor {
  /** Signs one proof; the key, and whether {@code ath} is included, are the prover's. */
  @FunctionalInterface
  public interface Prover {
    /** A proof for {@code method} at {@code htu}; {@code accessToken} may be null. */
    String proof(String method, URI htu, String accessToken);
  }

  /**
   * The request's tag: the access token to present (or null), and optionally the {@code htu}
   * already worked out (the URL without query and fragment), which saves deriving it per request.
   */
  public static final class Bound {
    private final String accessToken;
    private final URI htu;

    public Bound(String accessToken, URI htu) {
      this.accessToken = accessToken;
      this.htu = htu;
    }

    @Override
    public String toString() {
      return "DpopInterceptor.Bound"; // never the token
    }
  }

  private final Prover prover;

  public DpopInterceptor(Prover prover) {
    this.prover = prover;
  }

  /** The {@code htu} of {@code url}: the URL without query and fragment. */
  public static URI htu(HttpUrl url) {
    return url.newBuilder().query(null).fragment(null).build().uri();
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    Bound bound = request.tag(Bound.class);
    if (bound == null) {
      return chain.proceed(request);
    }
    URI htu = bound.htu != null ? bound.htu : htu(request.url());
    Request.Builder signed = request.newBuilder();
    if (bound.accessToken != null) {
      signed.header("Authorization", "DPoP " + bound.accessToken);
    }
    signed.header("DPoP", prover.proof(request.method(), htu, bound.accessToken));
    return chain.proceed(signed.build());
  }

  @Override
  public String toString() {
    return "DpopInterceptor";
  }
}
