package org.mydatakit.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import okhttp3.Authenticator;
import okhttp3.CookieJar;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.mydatakit.client.internal.BodyLimitInterceptor;
import org.mydatakit.client.internal.Interceptors;
import org.mydatakit.client.internal.ResponseTooLargeException;
import org.mydatakit.client.internal.Transport;
import org.mydatakit.events.ErasureAttestations;
import org.mydatakit.internal.StrictJson;

/**
 * Sends a consumer's erasure attestations to the broker: {@code POST {broker}/events/erasure} with
 * the SET as the body ({@code Content-Type: application/secevent+jwt}, RFC 8935). The attestation
 * authenticates itself (the consumer signed it), so no other credential is sent.
 *
 * <pre>{@code
 * ErasureReporter reporter = ErasureReporter.builder(sharedOkHttp, brokerBaseUrl).build();
 * String attestation = ErasureAttestations.signer(clientKeys, AgencyId.of("KB-BANK"), brokerIssuer)
 *     .sign(consentId, List.of(transactionId), erasedAt);
 * reporter.report(attestation);   // keep it until this returns; sent again, it counts once
 * }</pre>
 *
 * <p>Answers: {@code 202} is done; {@code 400} with {@code {"err", "description"}} is an {@link
 * ErasureRejectedException}; a transport failure, a timeout, {@code 5xx} and any other answer are a
 * {@link BrokerUnavailableException} (send the same attestation again later), except {@code 401},
 * {@code 403}, {@code 404}, {@code 405} and {@code 415}, which say the broker URL or the broker's
 * configuration is wrong ({@link IllegalStateException}). Redirects are never followed; answers
 * over 16 KiB are not read; nothing is retried here. Thread-safe.
 */
public final class ErasureReporter {
  private static final MediaType SET = MediaType.get("application/secevent+jwt");
  private static final Pattern ERR = Pattern.compile("[a-z_]{1,64}");

  private final OkHttpClient http;
  private final String url;

  private ErasureReporter(Builder b) {
    String base = b.brokerBaseUrl.toString();
    this.url =
        (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/events/erasure";
    this.http =
        Interceptors.first(
                b.http
                    .newBuilder()
                    .callTimeout(b.callTimeout)
                    .followRedirects(false)
                    .followSslRedirects(false)
                    .cache(null)
                    .authenticator(Authenticator.NONE)
                    .cookieJar(CookieJar.NO_COOKIES),
                new BodyLimitInterceptor(BodyLimitInterceptor.MAX_PROBLEM_BYTES))
            .build();
  }

  /** Starts configuring a reporter to the broker at {@code brokerBaseUrl}. */
  public static Builder builder(OkHttpClient http, URI brokerBaseUrl) {
    return new Builder(http, brokerBaseUrl);
  }

  /**
   * Sends {@code attestation}, signed by {@link ErasureAttestations.Signer}, and returns once the
   * broker acknowledged it ({@code 202}).
   *
   * @throws ErasureRejectedException if the broker refused it ({@code 400})
   * @throws BrokerUnavailableException if it could not be delivered now: send it again later
   * @throws IllegalStateException if the broker answered that the request was misdirected or
   *     unauthorised ({@code 401}, {@code 403}, {@code 404}, {@code 405}, {@code 415})
   */
  public void report(String attestation) {
    Objects.requireNonNull(attestation, "attestation");
    Request request =
        new Request.Builder()
            .url(url)
            .header("Accept", "application/json")
            .post(RequestBody.create(attestation.getBytes(StandardCharsets.US_ASCII), SET))
            .build();
    try (Response response = http.newCall(request).execute()) {
      int status = response.code();
      if (status == 202) {
        return;
      }
      byte[] body = response.body().bytes();
      switch (status) {
        case 400 -> throw rejection(body);
        case 401, 403, 404, 405, 415 ->
            throw new IllegalStateException(
                "report an erasure: the broker answered http "
                    + status
                    + " (broker url, or this consumer's registration?)");
        default -> throw new BrokerUnavailableException("report an erasure", status, null);
      }
    } catch (ResponseTooLargeException e) {
      throw new BrokerUnavailableException("report an erasure: answer too large", e.status(), null);
    } catch (IOException e) {
      throw new BrokerUnavailableException("report an erasure", 0, e);
    }
  }

  private static ErasureRejectedException rejection(byte[] body) {
    String err = "unknown";
    String description = "";
    try {
      ObjectNode json = StrictJson.object(body);
      String named = json.path("err").textValue();
      if (named != null && ERR.matcher(named).matches()) {
        err = named;
      }
      String text = json.path("description").textValue();
      if (text != null) {
        description = printable(text);
      }
    } catch (IllegalArgumentException e) {
      // not the RFC 8935 body: the code stays unknown
    }
    return new ErasureRejectedException(err, description);
  }

  private static String printable(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && out.length() < 200; i++) {
      char c = text.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return "ErasureReporter[" + url + "]";
  }

  /** Configures an {@link ErasureReporter}; validated at {@link #build()}. */
  public static final class Builder {
    private final OkHttpClient http;
    private final URI brokerBaseUrl;
    private Duration callTimeout = Duration.ofSeconds(10);
    private boolean allowInsecureHttp;

    private Builder(OkHttpClient http, URI brokerBaseUrl) {
      this.http = Objects.requireNonNull(http, "okhttp client");
      this.brokerBaseUrl = Objects.requireNonNull(brokerBaseUrl, "broker base url");
    }

    /** Bounds each call to the broker, start to end; 10 s by default. */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = Objects.requireNonNull(timeout, "call timeout");
      return this;
    }

    /**
     * Permits a plain {@code http} broker URL to any host; without it, {@code http} only to a
     * loopback host. For test environments only.
     */
    public Builder allowInsecureHttp() {
      this.allowInsecureHttp = true;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException if the call timeout is not positive or the broker URL is not
     *     an absolute {@code https} URL (or {@code http} as allowed)
     */
    public ErasureReporter build() {
      if (callTimeout.isNegative() || callTimeout.isZero()) {
        throw new IllegalArgumentException("callTimeout: expected a positive duration");
      }
      String scheme = brokerBaseUrl.getScheme();
      if (!"https".equals(scheme) && !"http".equals(scheme) || brokerBaseUrl.getHost() == null) {
        throw new IllegalArgumentException("broker base url: expected an absolute http(s) url");
      }
      Transport.require(brokerBaseUrl, allowInsecureHttp, "broker base url");
      return new ErasureReporter(this);
    }
  }
}
