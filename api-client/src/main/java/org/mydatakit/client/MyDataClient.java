package org.mydatakit.client;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
import org.mydatakit.client.internal.GrantCache;
import org.mydatakit.client.internal.Threads;
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
 * <p><b>Per request.</b> {@code GET {base}/mydata/v1/items/{item}[?from=&to=]} with {@code
 * Authorization: DPoP <grant>}, a new {@code DPoP} proof (proofs are single-use, so every retry
 * gets one too) and a new {@code X-Api-Tran-Id} — one id per HTTP request, retries included, in the
 * form {@code <consumer id without - . _><yyyyMMdd in Korea><12-digit sequence>}, e.g. {@code
 * KBBANK20261127000000000001}. The grant of a (consent, provider) is reused until 30 s before it
 * expires; a 401 or 403 drops it so the next fetch asks for a new one. A consent's items are asked
 * of the grant source once and kept. After each fetch the grant source is told the outcome ({@link
 * GrantSource#recorded}). Interceptors of the {@link MyDataClientBuilder#okHttpClient shared
 * client} run inside the client's own, so they see every request as sent, retries included.
 *
 * <p><b>Retries and time.</b> A fetch makes at most {@code maxAttempts} requests and never takes
 * longer than {@code callTimeout}, waits included. Retried, after 200 ms, 400 ms, … (capped at 2 s,
 * half of each wait random): transport failures (connection refused or reset, an empty or garbled
 * answer, a body cut off, connect and read timeouts) and 502, 503, 504 and 429; a {@code
 * Retry-After} on them is honoured up to {@code maxRetryAfter}, and a longer one ends the fetch at
 * once. Not retried: 500 and other 5xx ({@link ProviderUnavailableException}), 401 and 403 ({@link
 * GrantRejectedException}), redirects (never followed) and other statuses, and a 200 that is
 * oversize, not strict JSON, for another item or without the right transaction-id echo ({@link
 * ProviderResponseException}).
 *
 * <p><b>Logging.</b> The client logs at DEBUG only agency, item, status, transaction id and
 * attempt. If you add OkHttp's {@code HttpLoggingInterceptor} to the shared client, redact the
 * grant and the proof and stay at {@code HEADERS} or below ({@code BODY} would log citizens'
 * records):
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
  private final ConsentItems items = new ConsentItems();
  private final GrantCache cache;
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
    this.cache = new GrantCache(b.clock);
    this.exchange = new ProviderExchange(http, b);
    this.pool = Threads.pool(b.maxConcurrency);
  }

  /** Starts configuring a client. */
  public static MyDataClientBuilder builder() {
    return new MyDataClientBuilder();
  }

  /**
   * Fetches {@code item} of the consent, without a date range.
   *
   * @throws ProviderException (one of its three kinds) if the provider did not deliver
   * @throws IllegalArgumentException if the consent does not cover {@code item}
   * @throws IllegalStateException if the directory does not know the item's provider
   */
  public FetchResult fetch(ConsentId consentId, ItemCode item) {
    return fetch(consentId, item, null);
  }

  /**
   * Fetches the records of {@code item} dated within {@code range}; as {@link #fetch(ConsentId,
   * ItemCode)}.
   */
  public FetchResult fetch(ConsentId consentId, ItemCode item, DataRange range) {
    return fetch(consentId, Bookkeeping.provider(items(consentId), consentId, item), item, range);
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
   * Fetches every item of the consent, at most {@code maxConcurrency} at a time: one result per
   * item, sorted by provider and item, each a success or a typed failure. A failure of the consent
   * itself (unknown, not active, budget used up) is thrown, since it concerns every item.
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
    List<DataItem> all = new ArrayList<>(items(consentId));
    all.sort(null);
    all.forEach(i -> baseUrl(i.provider()));
    List<CompletableFuture<ItemResult>> each = new ArrayList<>();
    for (DataItem i : all) {
      each.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return ItemResult.success(fetch(consentId, i.provider(), i.code(), null));
                } catch (MyDataException e) {
                  // A provider failure, or the broker refusing this provider's grant (budget,
                  // state): either way one item's failure never hides the others.
                  return ItemResult.failure(i.provider(), i.code(), e);
                }
              },
              pool));
    }
    return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
        .thenApply(v -> each.stream().map(CompletableFuture::join).toList());
  }

  private FetchResult fetch(ConsentId consentId, AgencyId provider, ItemCode item, DataRange r) {
    Endpoint endpoint = endpoint(provider, item);
    HttpUrl url =
        r == null
            ? endpoint.url()
            : endpoint
                .url()
                .newBuilder()
                .addQueryParameter("from", r.from().toString())
                .addQueryParameter("to", r.to().toString())
                .build();
    Grant grant =
        cache.get(
            consentId, provider, () -> grants.grant(consentId, provider, dpopKey.thumbprint()));
    try {
      ProviderExchange.Delivered d = exchange.fetch(provider, item, url, endpoint.htu(), grant);
      Bookkeeping.record(grants, grant, provider, item, d.transactionId(), FetchOutcome.DELIVERED);
      return new FetchResult(
          provider,
          item,
          d.transactionId(),
          d.attempts(),
          d.records().issuedAt(),
          d.records().json(),
          d.records().data());
    } catch (GrantRejectedException e) {
      cache.evict(consentId, provider, grant);
      Bookkeeping.record(grants, grant, provider, item, e.transactionId(), FetchOutcome.REJECTED);
      throw e;
    } catch (ProviderException e) {
      Bookkeeping.record(grants, grant, provider, item, e.transactionId(), FetchOutcome.FAILED);
      throw e;
    }
  }

  /** The items of the consent: asked of the grant source once, then kept (they never change). */
  private Set<DataItem> items(ConsentId consentId) {
    return items.get(consentId, grants::items);
  }

  /** {@code {base}/mydata/v1/items/{item}}, worked out once per base URL and item. */
  private Endpoint endpoint(AgencyId provider, ItemCode item) {
    EndpointKey key = new EndpointKey(baseUrl(provider), item);
    Endpoint known = endpoints.get(key);
    if (known != null) {
      return known;
    }
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
