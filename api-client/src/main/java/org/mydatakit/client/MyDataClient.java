package org.mydatakit.client;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.mydatakit.MyDataException;
import org.mydatakit.broker.FetchOutcome;
import org.mydatakit.client.internal.ConsentItems;
import org.mydatakit.client.internal.DpopInterceptor;
import org.mydatakit.client.internal.IdempotencyKeys;
import org.mydatakit.client.internal.Threads;
import org.mydatakit.client.internal.Transport;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.DataRange;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.grant.Grant;

/**
 * The consumer's client: fetches a citizen's records from provider agencies with a grant and a
 * fresh DPoP proof per request, and turns every failure into a typed {@link ProviderException}.
 *
 * <pre>{@code
 * MyDataClient client = MyDataClient.builder()
 *     .consumer(AgencyId.of("KB-BANK"))
 *     .directory(ProviderDirectory.parse(directoryJson))
 *     .dpopKey(dpopKey)
 *     .grantSource(GrantSource.of(broker))
 *     .build();
 * FetchResult one = client.fetch(consentId, ItemCode.of("nhis.qualification"));
 * List<ItemResult> all = client.fetchAll(consentId);   // every item, in parallel
 * }</pre>
 *
 * <p><b>One grant per delivery.</b> A grant authorises one delivery of each item in its scope: a
 * provider refuses a second fetch of an item with the same grant ({@code 403 GRANT_USED}). So the
 * client never reuses a grant: every {@link #fetch fetch} asks the grant source for a new one, and
 * {@link #fetchAll fetchAll} asks for one per provider and fetches each of that provider's items
 * with it, once. Since the broker takes one unit of the consent's budget per grant, a periodic
 * consent of N per period means N deliveries per provider per period — N single fetches, or N
 * {@code fetchAll}s, not N grants spread over as many fetches as fit in their lifetime — and a
 * one-time consent means one. To fetch several items of one provider on one unit, use {@code
 * fetchAll}.
 *
 * <p><b>Per request.</b> {@code GET {base}/mydata/v1/items/{item}[?from=&to=]} with {@code
 * Authorization: DPoP <grant>}, an {@code Idempotency-Key}, a new {@code DPoP} proof (proofs are
 * single-use, so every retry gets one too) and a new {@code X-Api-Tran-Id} — one id per HTTP
 * request, retries included, in the form {@code <consumer id without - . _><yyyyMMdd in
 * Korea><12-digit sequence>}, e.g. {@code KBBANK20261127000000000001}. The retries of one fetch
 * present the same grant and the same {@code Idempotency-Key} (128 random bits, base64url; new for
 * every fetch), so a provider that delivered but whose answer was lost answers the retry again
 * without taking a second delivery. A consent's items and data range are asked of the grant source
 * once and kept. After each fetch the grant source is told the outcome ({@link
 * GrantSource#recorded}). Interceptors of the {@link MyDataClientBuilder#okHttpClient shared
 * client} run inside the client's own, so they see every request as sent, retries included.
 *
 * <p><b>Dates.</b> If the consent limits the dates of the records ({@link GrantSource#dataRange}),
 * every fetch asks for exactly that range by default ({@code from} and {@code to}, inclusive); a
 * caller may narrow it ({@link #fetch(ConsentId, ItemCode, DataRange)}), and a range reaching
 * outside the consent's is refused before any grant is asked for. Without a consent range, no dates
 * are sent unless given.
 *
 * <p><b>Transport.</b> Providers are reached over {@code https}, or plain {@code http} on this
 * machine only ({@code localhost}, {@code 127.0.0.0/8}, {@code ::1}), unless the builder says
 * {@link MyDataClientBuilder#allowInsecureHttp() allowInsecureHttp()}.
 *
 * <p><b>Retries and time.</b> A fetch makes at most {@code maxAttempts} requests and never takes
 * longer than {@code callTimeout}, waits included. Retried, after 200 ms, 400 ms, … (capped at 2 s,
 * half of each wait random): transport failures (connection refused or reset, an empty or garbled
 * answer, a body cut off, connect and read timeouts) and 502, 503, 504 and 429; a {@code
 * Retry-After} on them is honoured up to {@code maxRetryAfter}, and a longer one ends the fetch at
 * once. Not retried: 500 and other 5xx ({@link ProviderUnavailableException}), 401 and 403 ({@link
 * GrantRejectedException}), redirects (never followed) and other statuses, and a 200 that is
 * oversize, not strict JSON, for another item or without the right transaction-id echo ({@link
 * ProviderResponseException}). A fetch that failed is not retried with the same grant by a later
 * call: the next fetch asks for a new grant (and so spends another unit of the budget).
 *
 * <p><b>Receipts.</b> A provider may answer with a signed delivery receipt ({@code MyData-Receipt}
 * header, a compact JWS); {@link FetchResult#receipt()} shows it, and the client hands it to the
 * grant source ({@link GrantSource#delivered}) so that the broker records the delivery the provider
 * confirmed.
 *
 * <p><b>Logging.</b> The client logs at DEBUG only agency, item, status, transaction id and
 * attempt. If you add OkHttp's {@code HttpLoggingInterceptor} to the shared client, redact the
 * grant, the proof and the receipt ({@code MyData-Receipt}) and stay at {@code HEADERS} or below
 * ({@code BODY} would log citizens' records):
 *
 * <pre>{@code
 * HttpLoggingInterceptor logging = new HttpLoggingInterceptor();
 * logging.redactHeader("Authorization");
 * logging.redactHeader("DPoP");
 * logging.setLevel(HttpLoggingInterceptor.Level.HEADERS);
 * OkHttpClient shared = new OkHttpClient.Builder().addInterceptor(logging).build();
 * }</pre>
 *
 * <p>Thread-safe; build one per consumer and share it. Its pool of {@code maxConcurrency} daemon
 * threads (idle ones end after 30 s) runs {@code fetchAll} and the async variants.
 */
public final class MyDataClient {
  /** Item URLs kept; past this many (a directory in flux) they are all worked out again. */
  private static final int MAX_ENDPOINTS = 1024;

  private final ProviderDirectory directory;
  private final DpopKey dpopKey;
  private final GrantSource grants;
  private final boolean allowInsecureHttp;
  private final ConsentItems items = new ConsentItems();
  private final ConcurrentHashMap<EndpointKey, Endpoint> endpoints = new ConcurrentHashMap<>();
  private final ProviderExchange exchange;
  private final ExecutorService pool;

  /** An item's URL at one base URL, and its DPoP {@code htu}. */
  private record Endpoint(HttpUrl url, URI htu) {}

  private record EndpointKey(URI base, ItemCode item) {}

  MyDataClient(MyDataClientBuilder b, OkHttpClient http) {
    this.directory = b.directory;
    this.dpopKey = b.dpopKey;
    this.grants = b.grantSource;
    this.allowInsecureHttp = b.allowInsecureHttp;
    this.exchange = new ProviderExchange(http, b);
    this.pool = Threads.pool(b.maxConcurrency);
  }

  /** Starts configuring a client. */
  public static MyDataClientBuilder builder() {
    return new MyDataClientBuilder();
  }

  /**
   * Fetches {@code item} of the consent with a new grant: the records within the consent's data
   * range, if it has one (sent as {@code from} and {@code to}), else all the provider will give.
   *
   * @throws ProviderException (one of its three kinds) if the provider did not deliver
   * @throws IllegalArgumentException if the consent does not cover {@code item}, or the provider's
   *     URL is plain {@code http} to another machine (see {@link
   *     MyDataClientBuilder#allowInsecureHttp()})
   * @throws IllegalStateException if the directory does not know the item's provider
   */
  public FetchResult fetch(ConsentId consentId, ItemCode item) {
    return fetch(consentId, item, null);
  }

  /**
   * Fetches the records of {@code item} dated within {@code range}, which narrows the consent's
   * data range (null: the consent's range, as {@link #fetch(ConsentId, ItemCode)}); otherwise as
   * {@link #fetch(ConsentId, ItemCode)}.
   *
   * @throws IllegalArgumentException also if {@code range} reaches outside the consent's data
   *     range: refused here, before a grant is asked for and anything is sent
   */
  public FetchResult fetch(ConsentId consentId, ItemCode item, DataRange range) {
    ConsentItems.Coverage coverage = coverage(consentId);
    AgencyId provider = Bookkeeping.provider(coverage.items(), consentId, item);
    Optional<DataRange> dates = Bookkeeping.range(coverage.dataRange(), range);
    Endpoint endpoint = endpoint(provider, item);
    return deliver(provider, item, endpoint, dates, newGrant(consentId, provider));
  }

  /** {@link #fetch(ConsentId, ItemCode)} on the client's pool. */
  public CompletableFuture<FetchResult> fetchAsync(ConsentId consentId, ItemCode item) {
    return fetchAsync(consentId, item, null);
  }

  /** {@link #fetch(ConsentId, ItemCode, DataRange)} on the client's pool. */
  public CompletableFuture<FetchResult> fetchAsync(
      ConsentId consentId, ItemCode item, DataRange range) {
    return CompletableFuture.supplyAsync(() -> fetch(consentId, item, range), pool);
  }

  /**
   * Fetches every item of the consent within its data range, at most {@code maxConcurrency} at a
   * time, with one new grant per provider (each of its items delivered once on it, so one unit of
   * the budget per provider): one result per item, sorted by provider and item, each a success or a
   * typed failure — the provider's, or the broker's refusal of that provider's grant, which then
   * fails each of its items. A failure of the consent itself (unknown) is thrown, since it concerns
   * every item.
   */
  public List<ItemResult> fetchAll(ConsentId consentId) {
    try {
      return fetchAllAsync(consentId).join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  /** {@link #fetchAll} without blocking. */
  public CompletableFuture<List<ItemResult>> fetchAllAsync(ConsentId consentId) {
    ConsentItems.Coverage coverage = coverage(consentId);
    List<DataItem> all = new ArrayList<>(coverage.items());
    all.sort(null);
    Map<DataItem, Endpoint> at = new HashMap<>();
    all.forEach(i -> at.put(i, endpoint(i.provider(), i.code())));
    Map<AgencyId, CompletableFuture<Grant>> grantOf = new HashMap<>();
    List<CompletableFuture<ItemResult>> each = new ArrayList<>();
    for (DataItem i : all) {
      CompletableFuture<Grant> grant =
          grantOf.computeIfAbsent(
              i.provider(), p -> CompletableFuture.supplyAsync(() -> newGrant(consentId, p), pool));
      each.add(
          grant.handleAsync(
              (g, refused) -> {
                try {
                  if (refused != null) {
                    throw refused instanceof CompletionException c ? c.getCause() : refused;
                  }
                  return ItemResult.success(
                      deliver(i.provider(), i.code(), at.get(i), coverage.dataRange(), g));
                } catch (MyDataException e) {
                  // A provider failure, or the broker refusing this provider's grant (budget,
                  // state): either way one item's failure never hides the others.
                  return ItemResult.failure(i.provider(), i.code(), e);
                } catch (RuntimeException | Error e) {
                  throw e;
                } catch (Throwable e) {
                  throw new CompletionException(e);
                }
              },
              pool));
    }
    return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
        .thenApply(v -> each.stream().map(CompletableFuture::join).toList());
  }

  /** A new grant for one delivery at {@code provider}. */
  private Grant newGrant(ConsentId consentId, AgencyId provider) {
    Grant grant = grants.grant(consentId, provider, dpopKey.thumbprint());
    if (grant == null) {
      throw new IllegalStateException("grant source: expected a grant, got null");
    }
    return grant;
  }

  /** One fetch with {@code grant}: its retries share the grant and one idempotency key. */
  private FetchResult deliver(
      AgencyId provider, ItemCode item, Endpoint endpoint, Optional<DataRange> dates, Grant grant) {
    HttpUrl url =
        dates
            .map(
                r ->
                    endpoint
                        .url()
                        .newBuilder()
                        .addQueryParameter("from", r.from().toString())
                        .addQueryParameter("to", r.to().toString())
                        .build())
            .orElse(endpoint.url());
    String grantId = grant.grantId();
    try {
      ProviderExchange.Delivered d =
          exchange.fetch(provider, item, url, endpoint.htu(), grant, IdempotencyKeys.next());
      Optional<String> receipt = d.records().receipt();
      Bookkeeping.record(
          grants,
          new Bookkeeping.Fetch(
              grantId, provider, item, d.transactionId(), FetchOutcome.DELIVERED, receipt));
      return new FetchResult(
          provider,
          item,
          d.transactionId(),
          d.attempts(),
          d.records().issuedAt(),
          d.records().json(),
          d.records().data(),
          receipt);
    } catch (GrantRejectedException e) {
      Bookkeeping.record(
          grants,
          new Bookkeeping.Fetch(
              grantId, provider, item, e.transactionId(), FetchOutcome.REJECTED, Optional.empty()));
      throw e;
    } catch (ProviderException e) {
      Bookkeeping.record(
          grants,
          new Bookkeeping.Fetch(
              grantId, provider, item, e.transactionId(), FetchOutcome.FAILED, Optional.empty()));
      throw e;
    }
  }

  /** The items and range of the consent: asked of the grant source once, then kept. */
  private ConsentItems.Coverage coverage(ConsentId consentId) {
    return items.get(consentId, id -> Bookkeeping.coverage(grants, id));
  }

  /** {@code {base}/mydata/v1/items/{item}}, worked out once per base URL and item. */
  private Endpoint endpoint(AgencyId provider, ItemCode item) {
    EndpointKey key = new EndpointKey(baseUrl(provider), item);
    Endpoint known = endpoints.get(key);
    if (known != null) {
      return known;
    }
    Transport.require(key.base(), allowInsecureHttp, "provider " + provider + " url");
    if (endpoints.size() >= MAX_ENDPOINTS) {
      endpoints.clear();
    }
    HttpUrl url =
        HttpUrl.get(key.base().toString())
            .newBuilder()
            .addPathSegments("mydata/v1/items")
            .addPathSegment(item.value())
            .build();
    Endpoint fresh = new Endpoint(url, DpopInterceptor.htu(url));
    endpoints.put(key, fresh);
    return fresh;
  }

  private URI baseUrl(AgencyId provider) {
    return directory
        .baseUrl(provider)
        .orElseThrow(
            () -> new IllegalStateException("directory: no base url for agency " + provider));
  }

  @Override
  public String toString() {
    return "MyDataClient[" + directory + "]";
  }
}
