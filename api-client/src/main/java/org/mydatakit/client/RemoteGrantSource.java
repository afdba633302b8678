package org.mydatakit.client;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import okhttp3.Authenticator;
import okhttp3.CookieJar;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.mydatakit.broker.ConsentNotFoundException;
import org.mydatakit.broker.FetchLimitException;
import org.mydatakit.broker.FetchOutcome;
import org.mydatakit.client.internal.BodyLimitInterceptor;
import org.mydatakit.client.internal.BrokerCredentials;
import org.mydatakit.client.internal.ConsentTerms;
import org.mydatakit.client.internal.DpopInterceptor;
import org.mydatakit.client.internal.Interceptors;
import org.mydatakit.client.internal.ResponseTooLargeException;
import org.mydatakit.client.internal.RetryAfter;
import org.mydatakit.client.internal.Transport;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.ConsentStateException;
import org.mydatakit.consent.ConsentStatus;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.DataRange;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.grant.Grant;
import org.mydatakit.internal.StrictJson;
import org.mydatakit.keys.SigningKeySet;

/**
 * A {@link GrantSource} that asks a broker over HTTP (the sample broker server's API): every call
 * authenticates the consumer with a fresh {@code private_key_jwt} client assertion (RFC 7523), and
 * {@code POST /grants} carries a DPoP proof of {@code dpopKey}, whose thumbprint the grant is bound
 * to.
 *
 * <pre>{@code
 * GrantSource grants =
 *     RemoteGrantSource.builder(sharedOkHttp, brokerBaseUrl, AgencyId.of("KB-BANK"), clientKeys, dpopKey)
 *         .build();
 * MyDataClient client = MyDataClient.builder()...dpopKey(dpopKey).grantSource(grants).build();
 * }</pre>
 *
 * <p>Errors: transport failures, timeouts, 5xx and unreadable answers are {@link
 * BrokerUnavailableException}; 404 is {@link ConsentNotFoundException}; 409 is {@link
 * ConsentStateException}; 429 is {@link FetchLimitException} (with {@code Retry-After} as its next
 * allowed time); 400, 401 and 403 are {@link IllegalArgumentException} or {@link
 * IllegalStateException} (a configuration fault). Redirects are never followed, and calls are not
 * retried: {@code POST /grants} spends the consent's budget, so whether to ask again is the
 * caller's decision. Answers over 256 KiB are refused. Thread-safe.
 *
 * <p>The broker URL must be {@code https}, or {@code http} to a loopback host, unless the builder
 * was told {@link Builder#allowInsecureHttp()}.
 */
public final class RemoteGrantSource implements GrantSource {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final int MAX_ANSWER = 256 * 1024;
  private static final String ASSERTION_TYPE =
      "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

  private final OkHttpClient http;
  private final String base;
  private final DpopKey dpopKey;
  private final BrokerCredentials credentials;
  private final Clock clock;

  private RemoteGrantSource(Builder b) {
    String url = b.brokerBaseUrl.toString();
    this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.dpopKey = b.dpopKey;
    this.credentials =
        new BrokerCredentials(b.consumer, base + "/grants", b.clientKey, b.dpopKey, b.clock);
    this.clock = b.clock;
    // The client's interceptors, ahead of the application's: a fresh proof (without ath: no
    // access token is presented to the token endpoint) and the body cap.
    this.http =
        Interceptors.first(
                b.http
                    .newBuilder()
                    .callTimeout(b.callTimeout)
                    .followRedirects(false)
                    .followSslRedirects(false)
                    // the application's cache, credentials and cookies are for its own calls
                    .cache(null)
                    .authenticator(Authenticator.NONE)
                    .cookieJar(CookieJar.NO_COOKIES),
                new DpopInterceptor((method, htu, token) -> credentials.proof(method, htu)),
                new BodyLimitInterceptor(MAX_ANSWER))
            .build();
  }

  /** Starts configuring a source for {@code consumer} at the broker at {@code brokerBaseUrl}. */
  public static Builder builder(
      OkHttpClient http,
      URI brokerBaseUrl,
      AgencyId consumer,
      SigningKeySet clientKey,
      DpopKey dpopKey) {
    return new Builder(http, brokerBaseUrl, consumer, clientKey, dpopKey);
  }

  @Override
  public Grant grant(ConsentId consentId, AgencyId provider, String dpopJkt) {
    Objects.requireNonNull(consentId, "consent id");
    Objects.requireNonNull(provider, "provider");
    if (!dpopKey.thumbprint().equals(dpopJkt)) {
      throw new IllegalArgumentException(
          "grant: expected the thumbprint of this source's dpop key");
    }
    ObjectNode body = body();
    body.put("consentId", consentId.toString());
    body.put("provider", provider.value());
    Instant asked = clock.instant();
    Request request =
        post(URI.create(base + "/grants"), body)
            .newBuilder()
            .tag(DpopInterceptor.Bound.class, new DpopInterceptor.Bound(null, null))
            .build();
    ObjectNode answer = call("issue a grant", request, consentId);
    try {
      String token = text(answer, "grant");
      Instant expiresAt = Instant.parse(text(answer, "expiresAt"));
      return Grant.of(token, text(answer, "grantId"), consentId, provider, asked, expiresAt);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new BrokerUnavailableException("issue a grant: unreadable answer", 200, null);
    }
  }

  @Override
  public Set<DataItem> items(ConsentId consentId) {
    return consent(consentId).items();
  }

  @Override
  public Optional<DataRange> dataRange(ConsentId consentId) {
    return consent(consentId).dataRange();
  }

  /**
   * {@code GET /consents/{id}}: the consent's terms, its items and range from one read (see {@code
   * Bookkeeping#coverage}), from the consumer view the broker answers (no subject).
   */
  ConsentTerms consent(ConsentId consentId) {
    Request request =
        new Request.Builder()
            .url(base + "/consents/" + Objects.requireNonNull(consentId, "consent id"))
            .header("Client-Assertion", credentials.assertion())
            .get()
            .build();
    return consent("read the consent", request, consentId);
  }

  @Override
  public void recorded(
      String grantId,
      AgencyId provider,
      Set<ItemCode> items,
      String transactionId,
      FetchOutcome outcome) {
    ObjectNode body = body();
    body.put("grantId", grantId);
    body.put("provider", provider.value());
    ArrayNode list = body.putArray("items");
    items.forEach(i -> list.add(i.value()));
    body.put("transactionId", transactionId);
    body.put("outcome", outcome.name());
    call("record a fetch", post(URI.create(base + "/fetches"), body), null);
  }

  /** Sends the delivery with the provider's receipt: {@code POST /fetches} with {@code receipt}. */
  @Override
  public void delivered(
      String grantId, AgencyId provider, ItemCode item, String transactionId, String receipt) {
    ObjectNode body = body();
    body.put("grantId", grantId);
    body.put("provider", provider.value());
    body.putArray("items").add(item.value());
    body.put("transactionId", transactionId);
    body.put("outcome", FetchOutcome.DELIVERED.name());
    body.put("receipt", receipt);
    call("record a delivery", post(URI.create(base + "/fetches"), body), null);
  }

  private ObjectNode body() {
    ObjectNode body = StrictJson.mapper().createObjectNode();
    body.put("client_assertion_type", ASSERTION_TYPE);
    body.put("client_assertion", credentials.assertion());
    return body;
  }

  private static Request post(URI url, ObjectNode body) {
    return new Request.Builder()
        .url(url.toString())
        .post(RequestBody.create(body.toString(), JSON))
        .build();
  }

  private ConsentTerms consent(String what, Request request, ConsentId id) {
    byte[] bytes = exchange(what, request, id);
    try {
      return ConsentTerms.readConsumerView(new String(bytes, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new BrokerUnavailableException(what + ": unreadable answer", 200, null);
    }
  }

  /** The JSON object answered, or null for 204. */
  private ObjectNode call(String what, Request request, ConsentId id) {
    byte[] bytes = exchange(what, request, id);
    if (bytes.length == 0) {
      return null;
    }
    try {
      return StrictJson.object(bytes);
    } catch (IllegalArgumentException e) {
      throw new BrokerUnavailableException(what + ": unreadable answer", 200, null);
    }
  }

  /** The answer's body (read within the cap by {@link BodyLimitInterceptor}) if it is a success. */
  private byte[] exchange(String what, Request request, ConsentId id) {
    try (Response response = http.newCall(request).execute()) {
      int status = response.code();
      byte[] bytes = response.body().bytes();
      if (status == 200 || status == 201 || status == 204) {
        return bytes;
      }
      throw refusal(what, status, response.header("Retry-After"), bytes, id);
    } catch (ResponseTooLargeException e) {
      throw new BrokerUnavailableException(what + ": answer too large", e.status(), null);
    } catch (IOException e) {
      throw new BrokerUnavailableException(what, 0, e);
    }
  }

  private RuntimeException refusal(
      String what, int status, String retryAfter, byte[] problem, ConsentId id) {
    String reason = reason(problem);
    switch (status) {
      case 404:
        return id == null
            ? new IllegalArgumentException(what + ": the broker knows no such grant")
            : new ConsentNotFoundException(what, id);
      case 409:
        ConsentStatus now = currentStatus(id);
        return new ConsentStateException(
            what, Optional.ofNullable(id), now, now, "the broker refused in state " + now);
      case 429:
        FetchLimitException.Limit limit = FetchLimitException.Limit.BUDGET_EXHAUSTED;
        for (FetchLimitException.Limit l : FetchLimitException.Limit.values()) {
          limit = l.name().equals(reason) ? l : limit;
        }
        return new FetchLimitException(id, limit, retryAt(retryAfter));
      case 400:
        return new IllegalArgumentException(
            what + ": the broker rejected the request as malformed");
      case 401:
        return new IllegalStateException(
            what
                + ": the broker refused the client authentication or dpop proof"
                + " (registered key, clock?)");
      case 403:
        return new IllegalArgumentException(what + ": this consumer may not use that consent");
      default:
        return new BrokerUnavailableException(what, status, null);
    }
  }

  /** The consent's state, to explain a 409; ACTIVE if it cannot be read (then a window refused). */
  private ConsentStatus currentStatus(ConsentId id) {
    if (id == null) {
      return ConsentStatus.ACTIVE;
    }
    try {
      Request request =
          new Request.Builder()
              .url(base + "/consents/" + id)
              .header("Client-Assertion", credentials.assertion())
              .get()
              .build();
      return consent("read the consent", request, id).status();
    } catch (RuntimeException e) {
      return ConsentStatus.ACTIVE;
    }
  }

  /** When the broker said to come back, or null if it did not say (readably). */
  private Instant retryAt(String retryAfter) {
    Instant now = clock.instant();
    Duration wait = RetryAfter.parse(retryAfter, now);
    return wait == null ? null : now.plus(wait);
  }

  private static String reason(byte[] problem) {
    try {
      return StrictJson.object(problem).path("reason").textValue();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String text(ObjectNode answer, String member) {
    if (answer == null || !answer.path(member).isTextual()) {
      throw new IllegalArgumentException("answer: expected text member " + member);
    }
    return answer.get(member).asText();
  }

  @Override
  public String toString() {
    return "RemoteGrantSource[" + base + "]";
  }

  /** Configures a {@link RemoteGrantSource}; validated at {@link #build()}. */
  public static final class Builder {
    private final OkHttpClient http;
    private final URI brokerBaseUrl;
    private final AgencyId consumer;
    private final SigningKeySet clientKey;
    private final DpopKey dpopKey;
    private Duration callTimeout = Duration.ofSeconds(10);
    private Clock clock = Clock.systemUTC();
    private boolean allowInsecureHttp;

    private Builder(
        OkHttpClient http, URI url, AgencyId consumer, SigningKeySet clientKey, DpopKey dpopKey) {
      this.http = Objects.requireNonNull(http, "okhttp client");
      this.brokerBaseUrl = Objects.requireNonNull(url, "broker base url");
      this.consumer = Objects.requireNonNull(consumer, "consumer");
      this.clientKey = Objects.requireNonNull(clientKey, "client key");
      this.dpopKey = Objects.requireNonNull(dpopKey, "dpop key");
    }

    /** Bounds each call to the broker, start to end; 10 s by default. */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = Objects.requireNonNull(timeout, "call timeout");
      return this;
    }

    /** The clock for assertions and proofs; the system clock by default. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Permits a plain {@code http} broker URL to any host. Without it {@link #build()} accepts
     * {@code http} only to a loopback host ({@code localhost}, {@code 127.0.0.0/8}, {@code ::1}):
     * client assertions, proofs and grants must not cross a network in the clear. For test
     * environments only.
     */
    public Builder allowInsecureHttp() {
      this.allowInsecureHttp = true;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException if the call timeout is not positive, or the broker URL is
     *     not an absolute {@code https} URL (or {@code http} to a loopback host, or to any host
     *     with {@link #allowInsecureHttp()})
     */
    public RemoteGrantSource build() {
      if (callTimeout.isNegative() || callTimeout.isZero()) {
        throw new IllegalArgumentException("callTimeout: expected a positive duration");
      }
      String scheme = brokerBaseUrl.getScheme();
      if (!"https".equals(scheme) && !"http".equals(scheme) || brokerBaseUrl.getHost() == null) {
        throw new IllegalArgumentException("broker base url: expected an absolute http(s) url");
      }
      Transport.require(brokerBaseUrl, allowInsecureHttp, "broker base url");
      return new RemoteGrantSource(this);
    }
  }
}
