package org.mydatakit.broker;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.PairwiseSubjects;
import org.mydatakit.grant.Grant;
import org.mydatakit.internal.Checks;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.keys.VerificationKeySet;
import org.mydatakit.log.NoteSigner;
import org.mydatakit.log.NoteVerifierKey;
import org.slf4j.LoggerFactory;

/**
 * Configures a {@link ConsentBroker}. The store, signing keys, issuer, pairwise-subject secret and
 * status-list URI are required; validation happens in {@link #build()}, which never clamps.
 */
public final class ConsentBrokerBuilder {
  ConsentStore store;
  SigningKeySet keys;
  String issuer;
  PairwiseSubjects subjects;
  URI statusListUri;
  Clock clock = Clock.systemUTC();
  Duration approvalWindow = Duration.ofHours(24);
  Duration grantLifetime = Grant.DEFAULT_LIFETIME;
  Duration statusListTtl = Duration.ofMinutes(5);
  int checkpointEvery = 1000;
  NoteSigner logKey;
  final List<NoteVerifierKey> retiredLogKeys = new ArrayList<>();
  final List<NoteVerifierKey> witnesses = new ArrayList<>();
  final List<VerificationKeySet> archivedKeys = new ArrayList<>();
  AgencyRegistry agencies;
  final Map<AgencyId, VerificationKeySet> providerKeys = new HashMap<>();
  CitizenNotifier notifier = CitizenNotifier.none();

  ConsentBrokerBuilder() {}

  /** Where consents, grants and the audit chain live. */
  public ConsentBrokerBuilder store(ConsentStore store) {
    this.store = Checks.notNull("store", store);
    return this;
  }

  /** The broker's signing keys: grants are signed with the current one. */
  public ConsentBrokerBuilder signingKeys(SigningKeySet keys) {
    this.keys = Checks.notNull("signing keys", keys);
    return this;
  }

  /** The broker's identifier, the {@code iss} of every grant. */
  public ConsentBrokerBuilder issuer(String issuer) {
    this.issuer = Checks.issuer(issuer);
    return this;
  }

  /** Derives the broker and pairwise subjects from citizens' identifiers. */
  public ConsentBrokerBuilder pairwiseSubjects(PairwiseSubjects subjects) {
    this.subjects = Checks.notNull("pairwise subjects", subjects);
    return this;
  }

  /** The URI of the broker's status list, named in every grant. */
  public ConsentBrokerBuilder statusListUri(URI uri) {
    this.statusListUri = Checks.notNull("status list uri", uri);
    return this;
  }

  /** The clock; default the system UTC clock. */
  public ConsentBrokerBuilder clock(Clock clock) {
    this.clock = Checks.notNull("clock", clock);
    return this;
  }

  /**
   * How long a request may wait for the citizen before it expires: 1 minute to 30 days, default 24
   * h.
   */
  public ConsentBrokerBuilder approvalWindow(Duration window) {
    this.approvalWindow = Checks.notNull("approval window", window);
    return this;
  }

  /** How long grants live: up to {@link Grant#MAX_LIFETIME}, default 5 minutes. */
  public ConsentBrokerBuilder grantLifetime(Duration lifetime) {
    this.grantLifetime = Checks.notNull("grant lifetime", lifetime);
    return this;
  }

  /**
   * How long providers may cache the status list: a revoke reaches every provider within it.
   * Default 5 minutes; whole seconds, at most one day.
   */
  public ConsentBrokerBuilder statusListTtl(Duration ttl) {
    this.statusListTtl = Checks.notNull("status list ttl", ttl);
    return this;
  }

  /**
   * Sign a checkpoint of the audit log's tree every {@code n} entries (1 to 1,000,000; 0 turns it
   * off); default 1,000.
   */
  public ConsentBrokerBuilder checkpointEvery(int n) {
    this.checkpointEvery = n;
    return this;
  }

  /**
   * The log key: it signs the audit log's checkpoints (C2SP signed notes), and its name is the
   * log's origin, such as {@code broker.example.go.kr/log}. Keep it apart from the grant-signing
   * keys and out of the store it vouches for; publish its {@linkplain NoteSigner#verifierKey()
   * verifier key}. Without it the broker generates one for this process only: checkpoints kept by
   * an earlier process then no longer verify, and {@link ConsentBroker#verifyAudit()} says so.
   */
  public ConsentBrokerBuilder logKey(NoteSigner key) {
    this.logKey = Checks.notNull("log key", key);
    return this;
  }

  /**
   * Earlier log keys, for verification only: checkpoints they signed keep verifying after the log
   * key is rotated.
   */
  public ConsentBrokerBuilder retiredLogKeys(NoteVerifierKey... keys) {
    for (NoteVerifierKey key : Checks.notNull("retired log keys", keys)) {
      retiredLogKeys.add(Checks.notNull("retired log key", key));
    }
    return this;
  }

  /**
   * The witnesses whose cosignatures ({@code c2sp.org/tlog-cosignature}, key type 0x04) the broker
   * accepts and serves with its checkpoints.
   */
  public ConsentBrokerBuilder witnesses(NoteVerifierKey... keys) {
    for (NoteVerifierKey key : Checks.notNull("witnesses", keys)) {
      if (!Checks.notNull("witness", key).isCosignatureKey()) {
        throw new IllegalArgumentException(
            "witness " + key.name() + ": expected a cosignature key (type 0x04)");
      }
      witnesses.add(key);
    }
    return this;
  }

  /**
   * Earlier grant-signing keys, for verification only (a verify-only archive): consent receipts
   * ({@link ConsentBroker#receiptKeys()}) and the chain checkpoints kept before the log became a
   * tree keep verifying after their key is retired. Grants never verify with these.
   */
  public ConsentBrokerBuilder archivedSigningKeys(VerificationKeySet keys) {
    archivedKeys.add(Checks.notNull("archived signing keys", keys));
    return this;
  }

  /**
   * The agency registry that admits consumers and providers. With it, a request is taken only from
   * an ACTIVE agency registered as a consumer, for a purpose and items registered for it, at ACTIVE
   * providers that serve those items; and a grant is issued only while the consent's consumer and
   * the provider are both ACTIVE in their roles — a suspended consumer gets nothing from its next
   * call on. Each request and grant reads the registry once per agency. Refusals are {@link
   * AgencyRefusedException}s and write nothing. Without it, the broker admits every agency.
   */
  public ConsentBrokerBuilder agencies(AgencyRegistry registry) {
    this.agencies = Checks.notNull("agency registry", registry);
    return this;
  }

  /**
   * Trusts {@code keys} for the delivery receipts of the provider agency {@code provider}. Once any
   * provider's keys are given, the broker records a delivery ({@link FetchOutcome#DELIVERED}) only
   * through {@link ConsentBroker#recordDelivery} with a valid receipt of the provider the grant
   * names; {@link ConsentBroker#recordFetch} then takes failed and rejected fetches only.
   */
  public ConsentBrokerBuilder providerKeys(AgencyId provider, VerificationKeySet keys) {
    providerKeys.put(Checks.notNull("provider", provider), Checks.notNull("provider keys", keys));
    return this;
  }

  /**
   * Who tells citizens what happened to their consents: called after each decision, confirmed
   * delivery and attested erasure ({@link CitizenNotifier}). None by default.
   */
  public ConsentBrokerBuilder citizenNotifier(CitizenNotifier notifier) {
    this.notifier = Checks.notNull("citizen notifier", notifier);
    return this;
  }

  /**
   * Validates and builds.
   *
   * @throws IllegalStateException naming what is missing or out of range
   */
  public ConsentBroker build() {
    require(store, "store(...)");
    require(keys, "signingKeys(...)");
    require(issuer, "issuer(...)");
    require(subjects, "pairwiseSubjects(...)");
    require(statusListUri, "statusListUri(...)");
    if (approvalWindow.compareTo(Duration.ofMinutes(1)) < 0
        || approvalWindow.compareTo(Duration.ofDays(30)) > 0) {
      throw new IllegalStateException(
          "approval window: expected PT1M to P30D, got " + approvalWindow);
    }
    if (checkpointEvery < 0 || checkpointEvery > 1_000_000) {
      throw new IllegalStateException(
          "checkpoint every: expected 0 to 1000000, got " + checkpointEvery);
    }
    if (logKey == null) {
      logKey = NoteSigner.generate(logOrigin(issuer));
      LoggerFactory.getLogger(ConsentBrokerBuilder.class)
          .warn(
              "no log key configured: the audit log's checkpoints are signed with a key generated"
                  + " for this process; configure logKey(...) for a durable store");
    }
    // StatusReference validates the uri; GrantIssuer validates the lifetime.
    org.mydatakit.status.StatusReference.of(statusListUri, 0);
    return new ConsentBroker(this);
  }

  /** A log origin from the issuer: its host and path, then {@code /log}. */
  static String logOrigin(String issuer) {
    String rest = issuer.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "");
    while (rest.endsWith("/")) {
      rest = rest.substring(0, rest.length() - 1);
    }
    return rest + "/log";
  }

  private static void require(Object value, String call) {
    if (value == null) {
      throw new IllegalStateException("consent broker: expected " + call);
    }
  }
}
