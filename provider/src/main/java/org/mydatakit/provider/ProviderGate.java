package org.mydatakit.provider;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.DataRange;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.grant.DeliveryReceipt;
import org.mydatakit.grant.DpopReplayCache;
import org.mydatakit.grant.GrantRequest;
import org.mydatakit.grant.GrantVerifier;
import org.mydatakit.grant.InvalidGrantException;
import org.mydatakit.grant.VerifiedGrant;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.keys.VerificationKeySet;
import org.mydatakit.keys.VerificationKeySource;
import org.mydatakit.provider.internal.RequestReading;
import org.mydatakit.status.RevocationCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider agency's one gate: a single call decides whether a request may release the citizen's
 * records, and answers with an {@link Admission} (the verified grant, the one item, the effective
 * data range, the transaction id) or a {@link Refusal} (its HTTP status and RFC 9457 problem).
 * Built once at start.
 *
 * <p>In the profile's order: the path ({@code .../mydata/v1/items/{item}}), the method ({@code
 * GET}), {@code X-Api-Tran-Id}, {@code Idempotency-Key}, the query's {@code from}/{@code to}, the
 * item, the grant and its DPoP proof (every check of {@link GrantVerifier}, including the consent's
 * status), what the consent events received say about the consent ({@link Builder#consentEvents}),
 * the item among those the agency serves, the range inside the consent's, and last the use: a grant
 * delivers each item of its scope once ({@code GRANT_USED} after that), except that a retry with
 * the same {@code Idempotency-Key} is answered again without consuming anything. A use ledger or
 * replay cache that cannot be reached refuses with {@code 503 LEDGER_UNAVAILABLE}: nothing is
 * delivered.
 *
 * <pre>{@code
 * ProviderGate gate = ProviderGate.builder()
 *     .trustedIssuer("https://broker.example", HttpJwksSource.of(http, jwksUri))
 *     .audience(AgencyId.of("NTS"))
 *     .revocationCheck(statusLists)
 *     .ledger(JdbcGrantUseLedger.create(dataSource))   // default: in memory, one node
 *     .serves(Set.of(ItemCode.of("nts.income")))
 *     .build();
 * ProviderGate.Decision decision = gate.admit(request);
 * }</pre>
 *
 * <p>Thread-safe. {@link #admit} throws nothing for any input. Logs carry the item, the status, the
 * reason and the transaction id — never a grant, a proof or a subject.
 */
public final class ProviderGate {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderGate.class);

  /** What {@link #admit} decides: an {@link Admission} or a {@link Refusal}. */
  public sealed interface Decision permits Admission, Refusal {}

  private final GrantVerifier verifier;
  private final GrantUseLedger ledger;
  private final Set<ItemCode> served;
  private final URI baseUrl;
  private final Clock clock;
  private final Duration skew;
  private final AgencyId agency;
  private final DeliveryReceipt.Signer receipts;
  private final RefusedConsents refusedConsents;

  private ProviderGate(Builder b, GrantVerifier verifier) {
    this.verifier = verifier;
    this.ledger = b.ledger;
    this.served = b.served;
    this.baseUrl = b.baseUrl;
    this.clock = b.clock;
    this.skew = b.skew;
    this.agency = b.audience;
    this.receipts =
        b.receiptKeys == null ? null : DeliveryReceipt.signer(b.audience, b.receiptKeys, b.clock);
    this.refusedConsents = b.refusedConsents;
  }

  /** Starts configuring a gate; see the class documentation. */
  public static Builder builder() {
    return new Builder();
  }

  /** Decides on {@code request}; never throws. */
  public Decision admit(ProviderRequest request) {
    String transactionId = null;
    try {
      transactionId = RequestReading.transactionId(request.header("x-api-tran-id"));
      return decide(request, transactionId);
    } catch (RuntimeException e) {
      LOG.error("agency {}: admission failed with {}", agency, e.getClass().getName());
      return Refusal.of(Refusal.Reason.INTERNAL_ERROR, transactionId);
    }
  }

  private Decision decide(ProviderRequest request, String transactionId) {
    String itemText = request.item();
    if (itemText == null) {
      itemText = RequestReading.itemOfPath(request.url().getRawPath());
      if (itemText == null) {
        return Refusal.of(Refusal.Reason.NOT_FOUND, transactionId);
      }
    }
    if (!"GET".equals(request.method())) {
      return Refusal.of(Refusal.Reason.METHOD_NOT_ALLOWED, transactionId);
    }
    if (transactionId == null) {
      return Refusal.of(Refusal.Reason.BAD_TRANSACTION_ID, null);
    }
    List<String> keys = request.header("idempotency-key");
    String idempotencyKey = keys.isEmpty() ? null : RequestReading.idempotencyKey(keys);
    if (!keys.isEmpty() && idempotencyKey == null) {
      return Refusal.of(Refusal.Reason.BAD_IDEMPOTENCY_KEY, transactionId);
    }
    LocalDate[] requested = RequestReading.requestedRange(request.url().getRawQuery());
    if (requested == null) {
      return Refusal.of(Refusal.Reason.BAD_QUERY, transactionId);
    }
    if (!RequestReading.isItem(itemText)) {
      return Refusal.of(Refusal.Reason.UNKNOWN_ITEM, transactionId);
    }
    ItemCode item = ItemCode.of(itemText);
    VerifiedGrant grant;
    try {
      grant = verifier.verify(grantRequest(request, item));
    } catch (InvalidGrantException e) {
      return Refusal.of(e.reason(), transactionId);
    }
    Optional<InvalidGrantException.Reason> refused = refusedByEvents(grant);
    if (refused.isPresent()) {
      return Refusal.of(refused.get(), transactionId);
    }
    if (served != null && !served.contains(item)) {
      return Refusal.of(Refusal.Reason.UNKNOWN_ITEM, transactionId);
    }
    Optional<DataRange> effective = RequestReading.effectiveRange(grant.dataRange(), requested);
    if (effective == null) {
      return Refusal.of(Refusal.Reason.RANGE_NOT_ALLOWED, transactionId);
    }
    GrantUseLedger.Use use;
    try {
      Instant now = clock.instant();
      use = ledger.claim(grant.grantId(), item, idempotencyKey, now, grant.expiresAt().plus(skew));
    } catch (RuntimeException e) {
      LOG.warn("agency {}: use ledger failed with {}", agency, e.getClass().getName());
      return Refusal.of(Refusal.Reason.LEDGER_UNAVAILABLE, transactionId);
    }
    if (use == GrantUseLedger.Use.USED) {
      return Refusal.of(Refusal.Reason.GRANT_USED, transactionId);
    }
    return new Admission(
        grant,
        item,
        effective.orElse(null),
        transactionId,
        idempotencyKey,
        use == GrantUseLedger.Use.RETRY);
  }

  /** What the consent events say against the grant's consent; fail closed if they cannot say. */
  private Optional<InvalidGrantException.Reason> refusedByEvents(VerifiedGrant grant) {
    if (refusedConsents == null) {
      return Optional.empty();
    }
    try {
      return refusedConsents.refusal(grant.consentId());
    } catch (RuntimeException e) {
      LOG.warn("agency {}: consent events failed with {}", agency, e.getClass().getName());
      return Optional.of(InvalidGrantException.Reason.STATUS_UNAVAILABLE);
    }
  }

  /**
   * The signed delivery receipt for answering {@code admission} with {@code body}, which holds
   * {@code recordCount} records; empty when the gate was built without {@link Builder#receiptKeys}.
   * The adapters put it in the {@value DeliveryReceipt#HEADER} header.
   */
  public Optional<String> receipt(Admission admission, int recordCount, byte[] body) {
    if (receipts == null) {
      return Optional.empty();
    }
    return Optional.of(
        receipts.sign(
            admission.grant(),
            admission.item(),
            admission.transactionId(),
            admission.range(),
            recordCount,
            body));
  }

  /** The headers of a delivery: type, no-store, the transaction id and the receipt. */
  Map<String, String> deliveryHeaders(Admission admission, Records records) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", records.contentType());
    headers.put("Cache-Control", "no-store");
    headers.put("X-Api-Tran-Id", admission.transactionId());
    receipt(admission, records.count(), records.body())
        .ifPresent(r -> headers.put(DeliveryReceipt.HEADER, r));
    return headers;
  }

  private GrantRequest grantRequest(ProviderRequest request, ItemCode item) {
    List<String> authorization = request.header("authorization");
    String grant = null;
    if (authorization.size() == 1) {
      String value = authorization.get(0);
      if (value.regionMatches(true, 0, "DPoP ", 0, 5)) {
        grant = value.substring(5).trim();
      }
    }
    List<String> proofs = request.header("dpop");
    return GrantRequest.builder()
        .grant(grant)
        .dpopProof(proofs.size() == 1 ? proofs.get(0) : null)
        .method(request.method())
        .url(ownUrl(request.url()))
        .item(item)
        .build();
  }

  /** The URL the consumer addressed: the configured base URL with the request's path. */
  private URI ownUrl(URI received) {
    if (baseUrl == null) {
      return received;
    }
    try {
      return new URI(baseUrl.toString() + received.getRawPath());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("request path: expected a valid uri path", e);
    }
  }

  @Override
  public String toString() {
    return "ProviderGate[agency=" + agency + ", ledger=" + ledger + "]";
  }

  /**
   * Configures a {@link ProviderGate}. The issuer and its keys, the audience and a decision on
   * revocation are required; the use ledger and the replay cache default to in-memory ones (one
   * node). Validation happens in {@link #build()}.
   */
  public static final class Builder {
    private final GrantVerifier.Builder verifier = GrantVerifier.builder();
    private GrantUseLedger ledger;
    private Set<ItemCode> served;
    private URI baseUrl;
    private Clock clock = Clock.systemUTC();
    private Duration skew = Duration.ofSeconds(30);
    private AgencyId audience;
    private SigningKeySet receiptKeys;
    private RefusedConsents refusedConsents;

    private Builder() {}

    /** The broker whose grants are trusted, with a fixed key set. */
    public Builder trustedIssuer(String issuer, VerificationKeySet keys) {
      verifier.trustedIssuer(issuer, keys);
      return this;
    }

    /** The broker whose grants are trusted, with keys that follow its rotation. */
    public Builder trustedIssuer(String issuer, VerificationKeySource keys) {
      verifier.trustedIssuer(issuer, keys);
      return this;
    }

    /** This agency: grants must name it, alone, as {@code aud}. */
    public Builder audience(AgencyId self) {
      this.audience = self;
      verifier.audience(self);
      return this;
    }

    /** Checks every grant's consent status, typically with {@code StatusLists}. */
    public Builder revocationCheck(RevocationCheck check) {
      verifier.revocationCheck(check);
      return this;
    }

    /** Loosening: accepts grants without asking whether their consent was revoked. */
    public Builder withoutRevocationCheck() {
      verifier.withoutRevocationCheck();
      return this;
    }

    /** Where uses are recorded; default {@link GrantUseLedger#inMemory()}, one node only. */
    public Builder ledger(GrantUseLedger ledger) {
      this.ledger = java.util.Objects.requireNonNull(ledger, "ledger");
      return this;
    }

    /**
     * Where DPoP proof ids are remembered; default {@link DpopReplayCache#perKey} in memory, one
     * node only. With several nodes: {@code JdbcDpopReplayCache} or {@code RedisDpopReplayCache}.
     */
    public Builder replayCache(DpopReplayCache cache) {
      verifier.replayCache(cache);
      return this;
    }

    /** The items this agency serves; others are refused {@code UNKNOWN_ITEM}. Default: any. */
    public Builder serves(Set<ItemCode> items) {
      this.served = Set.copyOf(items);
      return this;
    }

    /**
     * This agency's public base URL (scheme, host, port), when it sits behind a proxy: the DPoP
     * proof's {@code htu} is checked against it plus the request's path. Default: the URL the
     * request arrived with.
     */
    public Builder baseUrl(URI baseUrl) {
      this.baseUrl = java.util.Objects.requireNonNull(baseUrl, "base url");
      return this;
    }

    /**
     * This agency's own signing keys: every delivery then carries a signed {@link DeliveryReceipt}
     * (the broker records a delivery only with one). Publish the public half to the broker.
     */
    public Builder receiptKeys(SigningKeySet agencyKeys) {
      this.receiptKeys = java.util.Objects.requireNonNull(agencyKeys, "receipt keys");
      return this;
    }

    /**
     * Consents to refuse at once, typically the {@link ConsentEventReceiver} the broker pushes its
     * consent events to: a grant whose consent it names is refused {@code 403} with the grant
     * reason {@code REVOKED} (revoked, expired or superseded; as a revoked status) or {@code
     * SUSPENDED} (paused; as a suspended status), even while the status list still says valid. It
     * only adds refusals: the revocation check stays as configured. Default: none.
     */
    public Builder consentEvents(RefusedConsents events) {
      this.refusedConsents = java.util.Objects.requireNonNull(events, "consent events");
      return this;
    }

    /** The clock; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = java.util.Objects.requireNonNull(clock, "clock");
      verifier.clock(clock);
      return this;
    }

    /** Allowed clock difference with the broker and consumers: 0 to 5 minutes, default 30 s. */
    public Builder clockSkew(Duration skew) {
      this.skew = java.util.Objects.requireNonNull(skew, "clock skew");
      verifier.clockSkew(skew);
      return this;
    }

    /** Oldest accepted DPoP proof: 1 s to 5 minutes, default 60 s. */
    public Builder proofMaxAge(Duration age) {
      verifier.proofMaxAge(age);
      return this;
    }

    /**
     * Validates and builds the gate.
     *
     * @throws IllegalStateException naming what is missing or contradictory
     */
    public ProviderGate build() {
      GrantVerifier built = verifier.build();
      if (ledger == null) {
        ledger = GrantUseLedger.inMemory();
      }
      if (baseUrl != null
          && (baseUrl.getRawPath() != null && !baseUrl.getRawPath().isEmpty()
              || baseUrl.getRawQuery() != null
              || !baseUrl.isAbsolute())) {
        throw new IllegalStateException(
            "provider gate: expected a base url of scheme, host and port only");
      }
      return new ProviderGate(this, built);
    }
  }
}
