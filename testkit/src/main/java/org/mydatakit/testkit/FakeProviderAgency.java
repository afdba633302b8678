package org.mydatakit.testkit;

import com.github.tomakehurst.wiremock.http.Fault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.keys.VerificationKeySet;
import org.mydatakit.testkit.internal.AgencyServer;
import org.mydatakit.testkit.internal.Faults;

/**
 * A provider agency on a local WireMock server that serves the profile ({@code GET
 * /mydata/v1/items/{itemCode}}) behind the provider kit's real {@code ProviderGate}: grant, DPoP
 * proof (method, this agency's URL, freshness, replay), the broker's status list, one delivery per
 * grant and item ({@code 403 GRANT_USED} after it, a retry with the same {@code Idempotency-Key}
 * answered again), the consent's data range ({@code 403 RANGE_NOT_ALLOWED} outside it; the sample
 * record is filtered by it), and a signed delivery receipt on every delivery.
 *
 * <pre>{@code
 * try (FakeProviderAgency nhis = FakeProviderAgency.start(AgencyId.of("NHIS"), broker)) {
 *   URI url = nhis.itemUrl(ItemCode.of("nhis.qualification"));
 *   // GET url with Authorization: DPoP <grant>, DPoP: <proof for GET url>, X-Api-Tran-Id
 *   nhis.serviceUnavailable(2);            // the next two requests get 503 + Retry-After
 * }
 * }</pre>
 *
 * <p>Unlike a real agency, it fetches the status list on every request instead of caching it for
 * the list's ttl, so a {@link FakeBroker#revoke} is seen by the very next request. Knobs that
 * replace the answer (redirect, transport faults, 503, 429, broken or oversize bodies, in that
 * order) answer in front of the agency: nothing is verified and no proof is consumed. Latency and
 * dribble delay whatever answer is given. Proofs must name {@link #baseUrl()} exactly (127.0.0.1).
 * WireMock's notifier, request journal and file mappings are off: grants and proofs are neither
 * logged nor kept. Thread-safe; knobs may be turned while requests are in flight.
 */
public final class FakeProviderAgency implements AutoCloseable {
  private final AgencyId agency;
  private final Faults faults = new Faults();
  private final AgencyServer server;

  private FakeProviderAgency(AgencyId agency, FakeBroker broker) {
    this.agency = agency;
    this.server =
        new AgencyServer(
            agency,
            broker.issuer(),
            broker.publicKeys(),
            broker.clock(),
            FakeBroker.STATUS_LIST_URI,
            broker::statusList,
            broker.providerKey(agency),
            faults);
  }

  /** Starts {@code agency}, trusting {@code broker}'s grants; stop it with {@link #stop()}. */
  public static FakeProviderAgency start(AgencyId agency, FakeBroker broker) {
    return new FakeProviderAgency(
        Objects.requireNonNull(agency, "agency"), Objects.requireNonNull(broker, "broker"));
  }

  /**
   * The public keys of this agency's delivery receipts (the {@code MyData-Receipt} header of each
   * delivery): give them to a broker's {@code providerKeys(...)}.
   */
  public VerificationKeySet receiptKeys() {
    return server.receiptKeys();
  }

  /** This agency's base URL, e.g. {@code http://127.0.0.1:53817} (no trailing slash). */
  public URI baseUrl() {
    return server.baseUrl();
  }

  /** The URL of {@code item}: {@code baseUrl() + "/mydata/v1/items/" + item}. */
  public URI itemUrl(ItemCode item) {
    return URI.create(server.baseUrl() + "/mydata/v1/items/" + item.value());
  }

  public AgencyId agencyId() {
    return agency;
  }

  /** Every request received since start or the last {@link #reset()}, oldest first. */
  public List<ReceivedRequest> requests() {
    return server.requests();
  }

  /** Delays every answer by {@code latency} before its first byte. */
  public FakeProviderAgency latency(Duration latency) {
    faults.latency(nonNegative(latency, "latency"));
    return this;
  }

  /** Answers the next {@code times} requests 503 with {@code Retry-After: 1}. */
  public FakeProviderAgency serviceUnavailable(int times) {
    return serviceUnavailable(times, Duration.ofSeconds(1));
  }

  /** Answers the next {@code times} requests 503 with {@code Retry-After} (seconds, rounded up). */
  public FakeProviderAgency serviceUnavailable(int times, Duration retryAfter) {
    faults.unavailable(positive(times), nonNegative(retryAfter, "retry after"));
    return this;
  }

  /** Answers every request 503 with {@code Retry-After: 1} until {@link #reset()}. */
  public FakeProviderAgency serviceUnavailableStorm() {
    faults.unavailable(Faults.ALWAYS, Duration.ofSeconds(1));
    return this;
  }

  /** Answers the next {@code times} requests 429 with {@code Retry-After} (seconds, rounded up). */
  public FakeProviderAgency rateLimited(int times, Duration retryAfter) {
    faults.rateLimited(positive(times), nonNegative(retryAfter, "retry after"));
    return this;
  }

  /** Resets every connection (TCP RST) until {@link #reset()}. */
  public FakeProviderAgency connectionReset() {
    faults.transport(Fault.CONNECTION_RESET_BY_PEER);
    return this;
  }

  /** Closes every connection without answering until {@link #reset()}. */
  public FakeProviderAgency emptyResponse() {
    faults.transport(Fault.EMPTY_RESPONSE);
    return this;
  }

  /** Sends a 200 with a broken chunked body, then closes, until {@link #reset()}. */
  public FakeProviderAgency malformedChunk() {
    faults.transport(Fault.MALFORMED_RESPONSE_CHUNK);
    return this;
  }

  /** Sends random bytes, then closes, until {@link #reset()}. */
  public FakeProviderAgency randomDataThenClose() {
    faults.transport(Fault.RANDOM_DATA_THEN_CLOSE);
    return this;
  }

  /** Answers 200 with truncated JSON until {@link #reset()}. */
  public FakeProviderAgency malformedJson() {
    faults.body("MALFORMED_JSON");
    return this;
  }

  /** Answers 200 with a JSON object whose {@code data} member appears twice, until reset. */
  public FakeProviderAgency duplicateKeyJson() {
    faults.body("DUPLICATE_KEY_JSON");
    return this;
  }

  /** Answers 200 with a well-formed JSON body of {@code bytes} bytes until {@link #reset()}. */
  public FakeProviderAgency oversizeBody(int bytes) {
    faults.oversize(positive(bytes));
    return this;
  }

  /** Sends every body in 10 chunks spread over {@code total} until {@link #reset()}. */
  public FakeProviderAgency dribbleBody(Duration total) {
    faults.dribble(nonNegative(total, "dribble"));
    return this;
  }

  /** Answers 302 with {@code Location: location} (e.g. another host) until {@link #reset()}. */
  public FakeProviderAgency redirectTo(URI location) {
    faults.redirect(Objects.requireNonNull(location, "location"));
    return this;
  }

  /** Disarms every knob and forgets the received requests. */
  public FakeProviderAgency reset() {
    faults.reset();
    server.clearRequests();
    return this;
  }

  /** Stops the server; idempotent. */
  public void stop() {
    server.stop();
  }

  /** Same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  private static int positive(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("expected a positive count, got " + n);
    }
    return n;
  }

  private static Duration nonNegative(Duration d, String what) {
    if (Objects.requireNonNull(d, what).isNegative()) {
      throw new IllegalArgumentException(what + ": expected zero or more, got " + d);
    }
    return d;
  }

  @Override
  public String toString() {
    return "FakeProviderAgency[" + agency + " at " + server.baseUrl() + "]";
  }
}
