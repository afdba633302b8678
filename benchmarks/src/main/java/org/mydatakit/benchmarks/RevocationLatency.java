package org.mydatakit.benchmarks;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.broker.ConsentRequest;
import org.mydatakit.broker.EventOutbox;
import org.mydatakit.broker.InMemoryConsentStore;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.AuthenticationEvidence;
import org.mydatakit.consent.CitizenIdentifier;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.consent.LegalBasis;
import org.mydatakit.consent.PairwiseSubjects;
import org.mydatakit.consent.Purpose;
import org.mydatakit.consent.RevokedBy;
import org.mydatakit.dispatch.EventDispatcher;
import org.mydatakit.dispatch.EventEndpoints;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.grant.Grant;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.provider.ConsentEventHandler;
import org.mydatakit.provider.ConsentEventReceiver;
import org.mydatakit.provider.GrantUseLedger;
import org.mydatakit.provider.ProviderGate;
import org.mydatakit.provider.ProviderRequest;
import org.mydatakit.provider.Refusal;
import org.mydatakit.status.StatusLists;

/**
 * How long after {@code revoke} returns each provider agency refuses the consent's grant: with
 * pushed consent events (the broker's {@link EventDispatcher} with its defaults, each agency's
 * {@link ConsentEventReceiver} on a loopback HTTP endpoint attached to its gate) and with the
 * status list alone (each gate's {@link StatusLists} cache, refreshed at the list's ttl). Three
 * agencies; every consent has an item at each; each agency probes every revoked consent it still
 * admits with a real request (a fresh DPoP proof) every {@value #PROBE_MILLIS} ms. Not JMH: the
 * quantity is a delay, measured per revocation; also the dispatcher's throughput.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.mydatakit.benchmarks.RevocationLatency push 200
 * java -cp benchmarks/target/benchmarks.jar org.mydatakit.benchmarks.RevocationLatency status-list 200 60
 * java -cp benchmarks/target/benchmarks.jar org.mydatakit.benchmarks.RevocationLatency throughput 1000
 * </pre>
 */
public final class RevocationLatency {
  static final int PROBE_MILLIS = 20;
  private static final String ISSUER = "https://broker.bench.example";
  private static final String URL = "https://provider.bench.example/mydata/v1/items/bench.record";
  private static final AgencyId BANK = AgencyId.of("BENCH-BANK");
  private static final List<AgencyId> PROVIDERS =
      List.of(AgencyId.of("P1"), AgencyId.of("P2"), AgencyId.of("P3"));
  private static final ItemCode ITEM = ItemCode.of("bench.record");

  private final InMemoryConsentStore store = new InMemoryConsentStore();
  private final SigningKeySet keys = SigningKeySet.generate(SigningAlgorithm.ES256);
  private final ConsentBroker broker;

  /** One DPoP key per consent: the gate's replay cache bounds the proofs of one key. */
  private final Map<Integer, DpopKey> dpop = new ConcurrentHashMap<>();

  private final List<HttpServer> servers = new ArrayList<>();

  private RevocationLatency(Duration statusListTtl) {
    broker =
        ConsentBroker.builder()
            .store(store)
            .signingKeys(keys)
            .issuer(ISSUER)
            .pairwiseSubjects(PairwiseSubjects.of(new byte[32]))
            .statusListUri(URI.create(ISSUER + "/status/1"))
            .statusListTtl(statusListTtl)
            .grantLifetime(Grant.MAX_LIFETIME)
            .checkpointEvery(0)
            .build();
  }

  /** One provider agency: its gate, and in push mode its receiver on a loopback endpoint. */
  private final class Agency {
    final AgencyId id;
    final ProviderGate gate;
    final URI endpoint;

    Agency(AgencyId id, boolean push) throws Exception {
      this.id = id;
      StatusLists lists =
          StatusLists.builder()
              .source(uri -> broker.statusList())
              .trustedIssuer(ISSUER, keys.verificationKeys())
              .build();
      ProviderGate.Builder gate =
          ProviderGate.builder()
              .trustedIssuer(ISSUER, keys.verificationKeys())
              .audience(id)
              .revocationCheck(lists)
              .serves(java.util.Set.of(ITEM))
              .ledger(GrantUseLedger.inMemory());
      URI uri = null;
      if (push) {
        ConsentEventReceiver receiver =
            ConsentEventReceiver.builder()
                .trustedIssuer(ISSUER, keys.verificationKeys())
                .audience(id)
                .build();
        gate.consentEvents(receiver);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/events", ConsentEventHandler.of(receiver));
        server.start();
        servers.add(server);
        uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/events");
      }
      this.gate = gate.build();
      this.endpoint = uri;
    }

    /** A delivery request with the grant, a fresh proof, the same keys each time (a retry). */
    boolean refuses(String grant, int n) {
      ProviderRequest request =
          ProviderRequest.builder()
              .method("GET")
              .url(URI.create(URL))
              .header("Authorization", "DPoP " + grant)
              .header("DPoP", key(n).proof("GET", URI.create(URL), grant))
              .header("X-Api-Tran-Id", String.format(Locale.ROOT, "BENCH%015d", n))
              .header("Idempotency-Key", "probe-" + n)
              .build();
      ProviderGate.Decision decision = gate.admit(request);
      if (decision instanceof Refusal refusal) {
        String reason = refusal.grantReason().map(Enum::name).orElse(refusal.reason().name());
        if (!reason.equals("REVOKED")) {
          throw new IllegalStateException("refused for another reason: " + reason);
        }
        return true;
      }
      return false;
    }
  }

  private DpopKey key(int n) {
    return dpop.computeIfAbsent(n, k -> DpopKey.generate());
  }

  private Consent active(int n) {
    Instant now = Instant.now();
    ConsentRequest.Builder request =
        ConsentRequest.builder()
            .consumer(BANK)
            .purpose(new Purpose("bench", "벤치마크", LegalBasis.PIPA_35_2))
            .delivery(Delivery.oneTime())
            .validity(now, now.plus(Duration.ofDays(30)))
            .retention(Period.ofDays(30));
    for (AgencyId p : PROVIDERS) {
      request.item(DataItem.of(p, ITEM));
    }
    try (CitizenIdentifier citizen =
        CitizenIdentifier.of(String.format(Locale.ROOT, "FAKE-CI-BENCH-%06d", n))) {
      Consent requested = broker.request(request.build(), citizen, "bench-" + n);
      return broker.approve(
          requested.id(),
          citizen,
          new AuthenticationEvidence(
              AuthenticationEvidence.Method.SIMPLE_AUTHENTICATION,
              now,
              "bench",
              AuthenticationEvidence.sha256Hex("bench")));
    }
  }

  private EventDispatcher dispatcher(List<Agency> agencies) {
    Map<AgencyId, URI> endpoints = new ConcurrentHashMap<>();
    for (Agency a : agencies) {
      endpoints.put(a.id, a.endpoint);
    }
    return EventDispatcher.builder(store.events(), EventEndpoints.of(endpoints)).build();
  }

  /** Revokes {@code count} consents {@code spacing} apart; each agency probes until refused. */
  private void latency(int count, boolean push, Duration spacing) throws Exception {
    List<Agency> agencies = new ArrayList<>();
    for (AgencyId p : PROVIDERS) {
      agencies.add(new Agency(p, push));
    }
    List<Consent> consents = new ArrayList<>();
    Map<ConsentId, Map<AgencyId, String>> grants = new ConcurrentHashMap<>();
    for (int n = 0; n < count; n++) {
      Consent c = active(n);
      consents.add(c);
      Map<AgencyId, String> byAgency = new ConcurrentHashMap<>();
      for (AgencyId p : PROVIDERS) {
        byAgency.put(p, broker.issueGrant(c.id(), p, key(n).thumbprint()).token());
      }
      grants.put(c.id(), byAgency);
    }
    EventDispatcher dispatcher = push ? dispatcher(agencies) : null;
    if (dispatcher != null) {
      dispatcher.drain(Duration.ofMinutes(2)); // the approvals, before anything is measured
      dispatcher.start();
    }
    // every gate admits every consent once: its status list is cached, as in steady state
    for (Agency a : agencies) {
      for (int n = 0; n < count; n++) {
        if (a.refuses(grants.get(consents.get(n).id()).get(a.id), n)) {
          throw new IllegalStateException("refused before any revocation");
        }
      }
    }
    Map<ConsentId, Long> revokedAt = new ConcurrentHashMap<>();
    Map<AgencyId, ConcurrentLinkedQueue<Long>> delays = new ConcurrentHashMap<>();
    AtomicBoolean done = new AtomicBoolean();
    List<Thread> probes = new ArrayList<>();
    for (Agency a : agencies) {
      ConcurrentLinkedQueue<Long> mine = new ConcurrentLinkedQueue<>();
      delays.put(a.id, mine);
      Thread probe =
          new Thread(
              () -> {
                java.util.Set<ConsentId> refused = new java.util.HashSet<>();
                while (!done.get()) {
                  for (int n = 0; n < count; n++) {
                    ConsentId id = consents.get(n).id();
                    Long at = revokedAt.get(id);
                    if (at == null || refused.contains(id)) {
                      continue;
                    }
                    if (a.refuses(grants.get(id).get(a.id), n)) {
                      mine.add(System.nanoTime() - at);
                      refused.add(id);
                    }
                  }
                  if (refused.size() == count) {
                    return;
                  }
                  try {
                    Thread.sleep(PROBE_MILLIS);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "probe-" + a.id.value());
      probe.start();
      probes.add(probe);
    }
    for (Consent c : consents) {
      broker.revoke(c.id(), RevokedBy.CITIZEN, "bench");
      revokedAt.put(c.id(), System.nanoTime());
      Thread.sleep(spacing.toMillis());
    }
    for (Thread probe : probes) {
      probe.join(Duration.ofMinutes(5).toMillis());
    }
    done.set(true);
    System.out.printf(
        Locale.ROOT,
        "%s, %d revocations %d ms apart, 3 agencies, probe every %d ms%n",
        push ? "push (dispatcher defaults: poll 200 ms)" : "status list alone",
        count,
        spacing.toMillis(),
        PROBE_MILLIS);
    for (Agency a : agencies) {
      long[] ns = delays.get(a.id).stream().mapToLong(Long::longValue).sorted().toArray();
      System.out.printf(
          Locale.ROOT,
          "  %s: n=%d  p50 %.0f ms  p99 %.0f ms  max %.0f ms%n",
          a.id.value(),
          ns.length,
          pct(ns, 0.50),
          pct(ns, 0.99),
          ns.length == 0 ? Double.NaN : ns[ns.length - 1] / 1e6);
    }
    if (dispatcher != null) {
      dispatcher.close();
    }
  }

  /** Writes the revocations of {@code count} consents at once, then times their delivery. */
  private void throughput(int count) throws Exception {
    List<Agency> agencies = new ArrayList<>();
    for (AgencyId p : PROVIDERS) {
      agencies.add(new Agency(p, true));
    }
    List<Consent> consents = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      consents.add(active(n));
    }
    EventDispatcher dispatcher = dispatcher(agencies);
    dispatcher.drain(Duration.ofMinutes(5));
    for (Consent c : consents) {
      broker.revoke(c.id(), RevokedBy.CITIZEN, "bench");
    }
    long delivered = store.events().countByState().get(EventOutbox.State.DELIVERED);
    long start = System.nanoTime();
    dispatcher.drain(Duration.ofMinutes(5));
    double seconds = (System.nanoTime() - start) / 1e9;
    long sent = store.events().countByState().get(EventOutbox.State.DELIVERED) - delivered;
    System.out.printf(
        Locale.ROOT,
        "throughput: %d events to 3 agencies (concurrency 4 each) in %.2f s: %.0f events/s%n",
        sent,
        seconds,
        sent / seconds);
    dispatcher.close();
  }

  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(i, sorted.length - 1))] / 1e6;
  }

  /** {@code push|status-list|throughput [count] [status list ttl in s]}. */
  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "push";
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    Duration ttl = Duration.ofSeconds(args.length > 2 ? Long.parseLong(args[2]) : 60);
    RevocationLatency bench = new RevocationLatency(ttl);
    try {
      switch (mode) {
        case "push" -> bench.latency(count, true, Duration.ofMillis(50));
        case "status-list" ->
            bench.latency(count, false, Duration.ofMillis(Math.max(1, ttl.toMillis() / count)));
        case "throughput" -> bench.throughput(count);
        default ->
            throw new IllegalArgumentException(
                "mode: expected push, status-list or throughput, got " + Arrays.toString(args));
      }
    } finally {
      bench.servers.forEach(s -> s.stop(0));
    }
  }
}
