package org.mydatakit.status;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.mydatakit.internal.Checks;
import org.mydatakit.internal.VerificationKey;
import org.mydatakit.keys.VerificationKeySet;
import org.mydatakit.keys.VerificationKeySource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider agency's cache of verified status lists, answering a {@link
 * org.mydatakit.grant.GrantVerifier}'s revocation checks offline.
 *
 * <p>A list is served for its {@code ttl} after it was fetched, then refetched and verified. If the
 * refetch fails, the old copy is still served while it is younger than the max age, counted from
 * its {@code iat} (when the broker signed it, so that a cache in between cannot make old news look
 * fresh) and not expired; past that, {@link #statusOf} fails closed with a stale {@link
 * StatusUnavailableException}. A fetched list older than the cached one is refused (no rollback to
 * an un-revoked state). An index beyond the cached list (a consent approved since it was fetched)
 * makes it fetch again before its ttl, at most once per {@link Builder#indexRefetchInterval
 * interval} per uri; an index beyond the newest list is unavailable, never VALID.
 *
 * <p>With a {@link VerificationKeySource} the cache follows the broker's keys: a list signed by an
 * unknown kid makes it call the source's rate-limited {@link VerificationKeySource#refresh()} once,
 * and a list whose key the source no longer answers (retired or replaced) is no longer served,
 * cached or fetched.
 *
 * <pre>{@code
 * StatusLists statusLists = StatusLists.builder()
 *     .source(StatusListSource.files(Map.of(listUri, Path.of("status-1.jwt"))))
 *     .trustedIssuer("https://broker.example", brokerKeys)
 *     .maxAge(Duration.ofHours(1))
 *     .build();
 * GrantVerifier verifier = GrantVerifier.builder()...revocationCheck(statusLists).build();
 * }</pre>
 *
 * <p>Thread-safe. One refresh per uri runs at a time: while it runs, callers holding a usable copy
 * are answered from it, the others wait for the refresh. Logs carry the uri and a reason, never a
 * token.
 */
public final class StatusLists implements RevocationCheck {
  private static final Logger LOG = LoggerFactory.getLogger(StatusLists.class);

  private record Entry(VerifiedStatusList verified, VerificationKey key, Instant fetchedAt) {}

  private final StatusListSource source;
  private final StatusListKeys keys;
  private final Duration maxAge;
  private final Duration indexRefetchInterval;
  private final Clock clock;
  private final ConcurrentHashMap<URI, Entry> entries = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<URI, ReentrantLock> locks = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<URI, Instant> indexRefetches = new ConcurrentHashMap<>();

  private StatusLists(Builder b) {
    this.source = b.source;
    this.keys = new StatusListKeys(b.keys, b.keySource, b.verifier.clock(b.clock).build());
    this.maxAge = b.maxAge;
    this.indexRefetchInterval = b.indexRefetchInterval;
    this.clock = b.clock;
  }

  /** Starts configuring; {@code source} and {@code trustedIssuer} are required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public TokenStatus statusOf(StatusReference reference) throws StatusUnavailableException {
    URI uri = Checks.notNull("status reference", reference).uri();
    Instant now = clock.instant();
    StatusListVerifier verifier = keys.verifier();
    Entry entry = entries.get(uri);
    boolean fresh = entry != null && isFresh(entry, now, verifier);
    if (fresh && (covers(entry, reference) || !mayRefetchForIndex(uri, now))) {
      return lookUp(entry, reference);
    }
    ReentrantLock lock = locks.computeIfAbsent(uri, u -> new ReentrantLock());
    if (entry != null && isUsable(entry, now, verifier) && !lock.tryLock()) {
      return lookUp(entry, reference); // another caller is refreshing; this copy will do
    }
    if (!lock.isHeldByCurrentThread()) {
      lock.lock();
    }
    try {
      return lookUp(refresh(uri, reference), reference);
    } finally {
      lock.unlock();
    }
  }

  /** Returns a usable entry for {@code uri}, refetching unless another caller just did. */
  private Entry refresh(URI uri, StatusReference reference) throws StatusUnavailableException {
    Entry cached = entries.get(uri);
    Instant now = clock.instant();
    if (cached != null && isFresh(cached, now, keys.verifier()) && covers(cached, reference)) {
      return cached;
    }
    String failure;
    try {
      StatusListVerifier.Keyed fetched = keys.verify(source.fetch(uri), uri);
      if (cached != null && fetched.list().issuedAt().isBefore(cached.verified().issuedAt())) {
        failure = "the fetched list is older than the cached one";
      } else if (!isYoungEnough(fetched.list(), now)) {
        failure = "the fetched list is older than the max age";
      } else {
        Entry entry = new Entry(fetched.list(), fetched.key(), now);
        entries.put(uri, entry);
        return entry;
      }
    } catch (StatusListException e) {
      failure = "rejected: " + e.reason();
    } catch (IOException | RuntimeException e) {
      failure = "fetch failed: " + e.getClass().getSimpleName();
    }
    if (cached != null && isUsable(cached, now, keys.verifier())) {
      LOG.warn("status list {} not refreshed ({}); serving the cached copy", uri, failure);
      return cached;
    }
    LOG.warn("status list {} unavailable ({}); failing closed", uri, failure);
    throw new StatusUnavailableException(
        cached == null
            ? "status list unavailable: no verified copy could be obtained"
            : keys.verifier().trusts(cached.key())
                ? "status list stale: the only copy is older than the max age or expired"
                : "status list stale: the only copy is signed by a key no longer trusted",
        cached != null,
        null);
  }

  /** Whether an index beyond the cached list may trigger a fetch now (rate-limited per uri). */
  private boolean mayRefetchForIndex(URI uri, Instant now) {
    boolean[] allowed = {false};
    indexRefetches.compute(
        uri,
        (u, last) -> {
          if (last == null || !now.isBefore(last.plus(indexRefetchInterval))) {
            allowed[0] = true;
            return now;
          }
          return last;
        });
    return allowed[0];
  }

  private static boolean covers(Entry entry, StatusReference reference) {
    return reference.index() < entry.verified().list().size();
  }

  private boolean isFresh(Entry entry, Instant now, StatusListVerifier verifier) {
    return now.isBefore(entry.fetchedAt().plus(entry.verified().ttl()))
        && isUsable(entry, now, verifier);
  }

  /** Young enough, not expired, and its key still trusted (not retired nor replaced). */
  private boolean isUsable(Entry entry, Instant now, StatusListVerifier verifier) {
    return isYoungEnough(entry.verified(), now)
        && !now.isAfter(entry.verified().expiresAt())
        && verifier.trusts(entry.key());
  }

  private boolean isYoungEnough(VerifiedStatusList list, Instant now) {
    return !now.isAfter(list.issuedAt().plus(maxAge));
  }

  private static TokenStatus lookUp(Entry entry, StatusReference reference)
      throws StatusUnavailableException {
    StatusList list = entry.verified().list();
    if (reference.index() >= list.size()) {
      throw new StatusUnavailableException(
          "status list index: expected below the list size " + list.size(), false, null);
    }
    return list.get(reference.index());
  }

  @Override
  public String toString() {
    return "StatusLists[lists=" + entries.size() + ", maxAge=" + maxAge + "]";
  }

  /** Configures {@link StatusLists}; validated in {@link #build()}. */
  public static final class Builder {
    private StatusListSource source;
    private StatusListVerifier.Builder verifier;
    private VerificationKeySet keys;
    private VerificationKeySource keySource;
    private Duration maxAge = Duration.ofHours(1);
    private Duration indexRefetchInterval = Duration.ofSeconds(5);
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Where lists are fetched from. */
    public Builder source(StatusListSource source) {
      this.source = Checks.notNull("status list source", source);
      return this;
    }

    /** The broker whose lists are trusted: its exact {@code iss} and its public keys. */
    public Builder trustedIssuer(String issuer, VerificationKeySet keys) {
      this.verifier = StatusListVerifier.builder().trustedIssuer(issuer, keys);
      this.keys = keys;
      this.keySource = null;
      return this;
    }

    /**
     * The broker whose lists are trusted, with keys that may rotate: lists are verified with the
     * source's {@link VerificationKeySource#current() current} keys, and a list signed by an
     * unknown kid triggers one (rate-limited) {@link VerificationKeySource#refresh()}. A list whose
     * key the source no longer answers is not served. Asks the source for its keys at once.
     */
    public Builder trustedIssuer(String issuer, VerificationKeySource keys) {
      VerificationKeySource source = Checks.notNull("issuer key source", keys);
      this.keys = Checks.notNull("current keys", source.current());
      this.verifier = StatusListVerifier.builder().trustedIssuer(issuer, this.keys);
      this.keySource = source;
      return this;
    }

    /**
     * The least time between two fetches of one list caused by an index beyond the cached list
     * (each newly approved consent's grant may carry one): 1 second to 1 hour, default 5 s.
     */
    public Builder indexRefetchInterval(Duration interval) {
      this.indexRefetchInterval = Checks.notNull("index refetch interval", interval);
      return this;
    }

    /** The oldest list (by its {@code iat}) ever served: 1 minute to 7 days, default 1 hour. */
    public Builder maxAge(Duration maxAge) {
      this.maxAge = Checks.notNull("max age", maxAge);
      return this;
    }

    /** The clock; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull("clock", clock);
      return this;
    }

    /**
     * Validates the settings and builds the cache.
     *
     * @throws IllegalStateException naming what is missing or out of range
     */
    public StatusLists build() {
      if (source == null || verifier == null) {
        throw new IllegalStateException(
            "status lists: expected source(...) and trustedIssuer(...)");
      }
      if (maxAge.compareTo(Duration.ofMinutes(1)) < 0 || maxAge.compareTo(Duration.ofDays(7)) > 0) {
        throw new IllegalStateException(
            "status lists: expected a max age of 1 minute to 7 days, got " + maxAge);
      }
      if (indexRefetchInterval.compareTo(Duration.ofSeconds(1)) < 0
          || indexRefetchInterval.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalStateException(
            "status lists: expected an index refetch interval of 1 second to 1 hour, got "
                + indexRefetchInterval);
      }
      return new StatusLists(this);
    }
  }
}
