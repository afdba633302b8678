package org.mydatakit.broker;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.PairwiseSubjects;
import org.mydatakit.grant.Grant;
import org.mydatakit.internal.Checks;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.keys.VerificationKeySet;

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
  final Map<AgencyId, VerificationKeySet> providerKeys = new HashMap<>();

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
   * Sign an audit checkpoint every {@code n} entries (1 to 1,000,000; 0 turns it off); default
   * 1,000.
   */
  public ConsentBrokerBuilder checkpointEvery(int n) {
    this.checkpointEvery = n;
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
    // StatusReference validates the uri; GrantIssuer validates the lifetime.
    org.mydatakit.status.StatusReference.of(statusListUri, 0);
    return new ConsentBroker(this);
  }

  private static void require(Object value, String call) {
    if (value == null) {
      throw new IllegalStateException("consent broker: expected " + call);
    }
  }
}
