package org.mydatakit.status;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.mydatakit.internal.Checks;
import org.mydatakit.keys.VerificationKeySet;
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
 * an un-revoked state). An index beyond the list is unavailable, never VALID.
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

  private record Entry(VerifiedStatusList verified, Instant fetchedAt) {}

  private final StatusListSource source;
  private final StatusListVerifier verifier;
  private final Duration maxAge;
  private final Clock clock;
  private final ConcurrentHashMap<URI, Entry> entries = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<URI, ReentrantLock> locks = new ConcurrentHashMap<>();

  private StatusLists(Builder b) {
    this.source = b.source;
    this.verifier = b.verifier.clock(b.clock).build();
    this.maxAge = b.maxAge;
    this.clock = b.clock;
  }

  /** Starts configuring; {@code source} and {@code trustedIssuer} are required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public TokenStatus statusOf(StatusReference reference) throws StatusUnavailableException {
    URI uri = Checks.notNull("status reference", reference).uri();
    Entry entry = entries.get(uri);
    if (entry != null && isFresh(entry, clock.instant())) {
      return lookUp(entry, reference);
    }
    ReentrantLock lock = locks.computeIfAbsent(uri, u -> new ReentrantLock());
    if (entry != null && isUsable(entry, clock.instant()) && !lock.tryLock()) {
      return lookUp(entry, reference); // another caller is refreshing; this copy will do
    }
    if (!lock.isHeldByCurrentThread()) {
      lock.lock();
    }
    try {
      return lookUp(refresh(uri), reference);
    } finally {
      lock.unlock();
    }
  }

  /** Returns a usable entry for {@code uri}, refetching unless another caller just did. */
  private Entry refresh(URI uri) throws StatusUnavailableException {
    Entry cached = entries.get(uri);
    Instant now = clock.instant();
    if (cached != null && isFresh(cached, now)) {
      return cached;
    }
    String failure;
    try {
      VerifiedStatusList fetched = verifier.verify(source.fetch(uri), uri);
      if (cached != null && fetched.issuedAt().isBefore(cached.verified().issuedAt())) {
        failure = "the fetched list is older than the cached one";
      } else if (!isYoungEnough(fetched, now)) {
        failure = "the fetched list is older than the max age";
      } else {
        Entry entry = new Entry(fetched, now);
        entries.put(uri, entry);
        return entry;
      }
    } catch (StatusListException e) {
      failure = "rejected: " + e.reason();
    } catch (IOException | RuntimeException e) {
      failure = "fetch failed: " + e.getClass().getSimpleName();
    }
    if (cached != null && isUsable(cached, now)) {
      LOG.warn("status list {} not refreshed ({}); serving the cached copy", uri, failure);
      return cached;
    }
    LOG.warn("status list {} unavailable ({}); failing closed", uri, failure);
    throw new StatusUnavailableException(
        cached == null
            ? "status list unavailable: no verified copy could be obtained"
            : "status list stale: the only copy is older than the max age or expired",
        cached != null,
        null);
  }

  private boolean isFresh(Entry entry, Instant now) {
    return now.isBefore(entry.fetchedAt().plus(entry.verified().ttl())) && isUsable(entry, now);
  }

  private boolean isUsable(Entry entry, Instant now) {
    return isYoungEnough(entry.verified(), now) && !now.isAfter(entry.verified().expiresAt());
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
    private Duration maxAge = Duration.ofHours(1);
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
      return new StatusLists(this);
    }
  }
}
