package org.mydatakit.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.broker.InMemoryConsentStore;
import org.mydatakit.client.FetchResult;
import org.mydatakit.client.GrantSource;
import org.mydatakit.client.ItemResult;
import org.mydatakit.client.MyDataClient;
import org.mydatakit.client.ProviderDirectory;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.grant.Grant;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The consumer's side: {@link MyDataClient#fetch} against a local JDK {@code HttpServer} that
 * answers a fixed, valid body at once (it does not verify the grant: the point is the client's own
 * overhead), against a raw OkHttp GET of the same body, with and without minting the DPoP proof the
 * client must sign for every request. And {@link MyDataClient#fetchAll} over 5 providers that
 * answer after 10, 20, 30, 40 and 50 ms: it should take about as long as the slowest.
 *
 * <p>Not MockWebServer (its Nagle delays cost ~40 ms a request); the server sets TCP_NODELAY
 * ({@code sun.net.httpserver.nodelay}). The consent's items come from an in-process broker, and so
 * does one grant per consent and provider, handed out again for every fetch: the local server does
 * not verify grants, and a real client's new grant per fetch is the broker's cost ({@code
 * BrokerIssueGrant}), not the client's. Recording fetches at the broker is switched off.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar ClientFetch</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = "-Dsun.net.httpserver.nodelay=true")
public class ClientFetch {
  static final AgencyId FAST = AgencyId.of("NHIS");
  static final ItemCode ITEM = ItemCode.of("nhis.qualification");
  static final int[] DELAYS_MS = {10, 20, 30, 40, 50};

  @Param({"ES256"})
  public SigningAlgorithm dpopAlg;

  private HttpServer server;
  private ExecutorService serverThreads;
  private MyDataClient client;
  private OkHttpClient raw;
  private DpopKey dpop;
  private Grant rawGrant;
  private ConsentId single;
  private ConsentId five;
  private String fastUrl;
  private final AtomicLong tranIds = new AtomicLong();

  @Setup
  public void setUp() throws Exception {
    System.setProperty("sun.net.httpserver.nodelay", "true");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    serverThreads = Executors.newCachedThreadPool();
    server.setExecutor(serverThreads);
    server.createContext("/fast/", e -> answer(e, 0));
    for (int d : DELAYS_MS) {
      server.createContext("/d" + d + "/", e -> answer(e, d));
    }
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    fastUrl = base + "/fast/mydata/v1/items/" + ITEM.value();

    Map<AgencyId, URI> directory = new HashMap<>();
    directory.put(FAST, URI.create(base + "/fast"));
    DataItem[] slow = new DataItem[DELAYS_MS.length];
    for (int i = 0; i < DELAYS_MS.length; i++) {
      AgencyId agency = AgencyId.of("SLOW" + DELAYS_MS[i]);
      directory.put(agency, URI.create(base + "/d" + DELAYS_MS[i]));
      slow[i] = DataItem.of(agency, ItemCode.of("slow" + DELAYS_MS[i] + ".records"));
    }
    ConsentBroker broker =
        Brokers.broker(new InMemoryConsentStore(), SigningKeySet.generate(SigningAlgorithm.ES256));
    single = Brokers.approved(broker, 1, DataItem.of(FAST, ITEM)).id();
    five = Brokers.approved(broker, 2, slow).id();
    GrantSource brokerSource = GrantSource.of(broker);
    GrantSource source =
        new GrantSource() {
          private final Map<String, Grant> issued = new java.util.concurrent.ConcurrentHashMap<>();

          @Override
          public Grant grant(ConsentId consentId, AgencyId provider, String dpopJkt) {
            return issued.computeIfAbsent(
                consentId + "/" + provider, k -> brokerSource.grant(consentId, provider, dpopJkt));
          }

          @Override
          public Set<DataItem> items(ConsentId consentId) {
            return brokerSource.items(consentId);
          }
        };
    dpop = DpopKey.generate(dpopAlg);
    client =
        MyDataClient.builder()
            .consumer(Brokers.CONSUMER)
            .directory(ProviderDirectory.of(directory))
            .dpopKey(dpop)
            .grantSource(source)
            .callTimeout(Duration.ofSeconds(5))
            .build();
    raw = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(5)).build();
    rawGrant = broker.issueGrant(single, FAST, dpop.thumbprint());
  }

  private static void answer(HttpExchange e, int delayMs) throws IOException {
    try (InputStream in = e.getRequestBody()) {
      in.readAllBytes();
    }
    if (delayMs > 0) {
      try {
        Thread.sleep(delayMs);
      } catch (InterruptedException x) {
        Thread.currentThread().interrupt();
      }
    }
    String path = e.getRequestURI().getPath();
    String item = path.substring(path.lastIndexOf('/') + 1);
    byte[] body =
        ("{\"item\":\""
                + item
                + "\",\"subject\":\"c3ViamVjdA\",\"issuedAt\":\"2026-11-27T03:00:00Z\","
                + "\"data\":{\"qualification\":\"employee\",\"since\":\"2019-03-01\","
                + "\"premium\":{\"monthly\":123450,\"currency\":\"KRW\"}}}")
            .getBytes(StandardCharsets.UTF_8);
    String tranId = e.getRequestHeaders().getFirst("X-Api-Tran-Id");
    if (tranId != null) {
      e.getResponseHeaders().add("X-Api-Tran-Id", tranId);
    }
    e.getResponseHeaders().add("Content-Type", "application/json");
    e.sendResponseHeaders(200, body.length);
    try (var out = e.getResponseBody()) {
      out.write(body);
    }
  }

  @TearDown
  public void tearDown() {
    server.stop(0);
    serverThreads.shutdownNow();
    raw.dispatcher().executorService().shutdown();
    raw.connectionPool().evictAll();
  }

  /**
   * The client's full path: grant from its cache, new DPoP proof, GET, strict checks of the answer.
   */
  @Benchmark
  public FetchResult clientFetch() {
    return client.fetch(single, ITEM);
  }

  /** The floor: one OkHttp GET of the same body, read as a string. */
  @Benchmark
  public String rawGet() throws IOException {
    return get(
        new Request.Builder()
            .url(fastUrl)
            .header("X-Api-Tran-Id", "KBBANK20261127" + tranIds.incrementAndGet()));
  }

  /** The floor plus what the protocol obliges every client to do: sign a DPoP proof. */
  @Benchmark
  public String rawGetWithProof() throws IOException {
    return get(
        new Request.Builder()
            .url(fastUrl)
            .header("Authorization", "DPoP " + rawGrant.token())
            .header("DPoP", dpop.proof("GET", URI.create(fastUrl), rawGrant.token()))
            .header("X-Api-Tran-Id", "KBBANK20261127" + tranIds.incrementAndGet()));
  }

  private String get(Request.Builder request) throws IOException {
    try (Response response = raw.newCall(request.build()).execute()) {
      return response.body().string();
    }
  }

  /** Five providers answering after 10..50 ms, fetched in parallel: ≈ the slowest, 50 ms. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public List<ItemResult> fetchAllFiveProviders() {
    List<ItemResult> results = client.fetchAll(five);
    for (ItemResult r : results) {
      if (r.result().isEmpty()) {
        throw new IllegalStateException("a provider failed", r.failure().orElse(null));
      }
    }
    return results;
  }
}
