package org.mydatakit.grant;

import static org.mydatakit.grant.InvalidGrantException.Reason.EXPIRED;
import static org.mydatakit.grant.InvalidGrantException.Reason.INSUFFICIENT_SCOPE;
import static org.mydatakit.grant.InvalidGrantException.Reason.ISSUED_IN_FUTURE;
import static org.mydatakit.grant.InvalidGrantException.Reason.MALFORMED;
import static org.mydatakit.grant.InvalidGrantException.Reason.NOT_YET_VALID;
import static org.mydatakit.grant.InvalidGrantException.Reason.REVOKED;
import static org.mydatakit.grant.InvalidGrantException.Reason.STATUS_STALE;
import static org.mydatakit.grant.InvalidGrantException.Reason.STATUS_UNAVAILABLE;
import static org.mydatakit.grant.InvalidGrantException.Reason.SUSPENDED;
import static org.mydatakit.grant.InvalidGrantException.Reason.TOO_LARGE;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.mydatakit.internal.JwsCheck;
import org.mydatakit.internal.JwsException;
import org.mydatakit.internal.KeyRing;
import org.mydatakit.internal.StrictJson;
import org.mydatakit.internal.TokenCache;
import org.mydatakit.internal.VerificationKey;
import org.mydatakit.keys.VerificationKeySet;
import org.mydatakit.status.StatusUnavailableException;
import org.mydatakit.status.TokenStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one {@link GrantVerifier}: every check of docs/architecture.md (sections 1 and 5), cheapest
 * first.
 */
final class StrictGrantVerifier implements GrantVerifier {
  static final int MAX_TOKEN_LENGTH = JwsCheck.MAX_TOKEN_LENGTH;
  static final String GRANT_TYPE = "mydata-grant+jwt";
  private static final Logger LOG = LoggerFactory.getLogger(GrantVerifier.class);

  /** The keys in use and the set they were prepared from (compared by identity). */
  private record Ring(VerificationKeySet set, KeyRing keys) {
    static Ring of(VerificationKeySet set) {
      return new Ring(set, KeyRing.of(set.toJson()));
    }
  }

  /** A verified grant and the key that verified it: reused only while that key is trusted. */
  private record Verified(GrantClaims claims, VerificationKey key) {}

  private final GrantVerifier.Builder config;
  private final AtomicReference<Ring> ring;
  private final TokenCache<Verified> cache;
  private final DpopCheck dpop;
  private final LongAdder envelopeChecks = new LongAdder();

  StrictGrantVerifier(GrantVerifier.Builder config) {
    this.config = config;
    this.ring = new AtomicReference<>(Ring.of(config.keys));
    this.cache =
        new TokenCache<>(
            config.grantCacheSize, verified -> verified.claims().expiresAt().plus(config.skew));
    this.dpop =
        config.dpopRequired
            ? new DpopCheck(config.skew, config.proofMaxAge, config.replayCache)
            : null;
  }

  @Override
  public VerifiedGrant verify(GrantRequest request) throws InvalidGrantException {
    try {
      return check(request);
    } catch (InvalidGrantException e) {
      throw e;
    } catch (RuntimeException e) {
      // Any unforeseen fault on hostile input is a rejection, never an unchecked escape.
      LOG.debug("grant rejected on an unexpected {}", e.getClass().getName());
      throw new InvalidGrantException(MALFORMED);
    }
  }

  private VerifiedGrant check(GrantRequest request) throws InvalidGrantException {
    String token = request.grant();
    if (token == null || token.isEmpty()) {
      throw new InvalidGrantException(MALFORMED);
    }
    if (token.length() > MAX_TOKEN_LENGTH) {
      throw new InvalidGrantException(TOO_LARGE);
    }
    Instant now = config.clock.instant();
    KeyRing keys = currentKeys();
    Verified verified = cache.get(token, now);
    if (verified == null || !verified.key().sameKeyAs(keys.find(verified.claims().kid()))) {
      // Not seen, or its key was retired or replaced since: verified again under today's keys.
      verified = verifySignedPart(token, keys);
      cache.put(token, verified, now);
    }
    GrantClaims claims = verified.claims();
    checkTime(claims, now);
    if (request.scopeChecked() && !claims.scope().containsAll(request.items())) {
      throw new InvalidGrantException(INSUFFICIENT_SCOPE);
    }
    if (dpop != null) {
      dpop.check(request, claims, now);
    }
    if (config.revocation != null) {
      checkStatus(claims);
    }
    return new VerifiedGrant(claims);
  }

  /** Everything that does not depend on the time or the request: done once per distinct token. */
  private Verified verifySignedPart(String token, KeyRing keys) throws InvalidGrantException {
    envelopeChecks.increment();
    JwsCheck.Verified jws;
    try {
      jws = JwsCheck.verify(token, keys, GRANT_TYPE, MAX_TOKEN_LENGTH);
    } catch (JwsException e) {
      KeyRing refreshed = e.fault() == JwsException.Fault.UNKNOWN_KEY ? refreshKeys() : null;
      if (refreshed == null) {
        throw Envelopes.rejection(e);
      }
      try {
        jws = JwsCheck.verify(token, refreshed, GRANT_TYPE, MAX_TOKEN_LENGTH);
      } catch (JwsException again) {
        throw Envelopes.rejection(again);
      }
    }
    ObjectNode claims;
    try {
      claims = StrictJson.object(jws.payload());
    } catch (IllegalArgumentException e) {
      throw new InvalidGrantException(MALFORMED);
    }
    GrantClaims parsed =
        GrantClaims.parse(
            jws.key().kid(),
            claims,
            config.issuer,
            config.audience,
            config.maxLifetime,
            config.revocation != null);
    return new Verified(parsed, jws.key());
  }

  /**
   * The keys to verify with now: the source's current set (which the source keeps fresh), prepared
   * again only when the source answers with another set.
   */
  private KeyRing currentKeys() {
    Ring held = ring.get();
    if (config.keySource == null) {
      return held.keys();
    }
    VerificationKeySet set;
    try {
      set = config.keySource.current();
    } catch (RuntimeException e) {
      LOG.warn("key source failed with {}; keeping the keys in use", e.getClass().getName());
      return held.keys();
    }
    return set == null || set == held.set() ? held.keys() : adopt(set);
  }

  private KeyRing adopt(VerificationKeySet set) {
    Ring fresh = Ring.of(set);
    ring.set(fresh);
    return fresh.keys();
  }

  /** One rate-limited refresh of a rotating key source; the new keys, or null if none came. */
  private KeyRing refreshKeys() {
    if (config.keySource == null) {
      return null;
    }
    try {
      Optional<VerificationKeySet> fresh = config.keySource.refresh();
      return fresh.isEmpty() ? null : adopt(fresh.get());
    } catch (RuntimeException e) {
      LOG.warn("key refresh failed with {}", e.getClass().getName());
      return null;
    }
  }

  private void checkTime(GrantClaims claims, Instant now) throws InvalidGrantException {
    if (!claims.expiresAt().plus(config.skew).isAfter(now)) {
      throw new InvalidGrantException(EXPIRED);
    }
    Instant latest = now.plus(config.skew);
    if (claims.notBefore().isAfter(latest)) {
      throw new InvalidGrantException(NOT_YET_VALID);
    }
    if (claims.issuedAt().isAfter(latest)) {
      throw new InvalidGrantException(ISSUED_IN_FUTURE);
    }
  }

  private void checkStatus(GrantClaims claims) throws InvalidGrantException {
    TokenStatus status;
    try {
      status = config.revocation.statusOf(claims.status().orElseThrow());
    } catch (StatusUnavailableException e) {
      throw new InvalidGrantException(e.stale() ? STATUS_STALE : STATUS_UNAVAILABLE);
    } catch (RuntimeException e) {
      LOG.warn("revocation check failed with {}; failing closed", e.getClass().getName());
      throw new InvalidGrantException(STATUS_UNAVAILABLE);
    }
    if (status == null) {
      throw new InvalidGrantException(STATUS_UNAVAILABLE);
    }
    if (status == TokenStatus.INVALID) {
      throw new InvalidGrantException(REVOKED);
    }
    if (status != TokenStatus.VALID) {
      throw new InvalidGrantException(SUSPENDED);
    }
  }

  /** How many tokens went through the envelope and signature checks (cache misses). */
  long envelopeChecks() {
    return envelopeChecks.sum();
  }

  @Override
  public String toString() {
    return "GrantVerifier[audience=" + config.audience + "]";
  }
}
