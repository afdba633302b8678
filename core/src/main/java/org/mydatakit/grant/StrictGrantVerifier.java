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

  private final GrantVerifier.Builder config;
  private final AtomicReference<KeyRing> keys;
  private final TokenCache<GrantClaims> cache;
  private final DpopCheck dpop;
  private final LongAdder envelopeChecks = new LongAdder();

  StrictGrantVerifier(GrantVerifier.Builder config) {
    this.config = config;
    this.keys = new AtomicReference<>(KeyRing.of(config.keys.toJson()));
    this.cache =
        new TokenCache<>(config.grantCacheSize, claims -> claims.expiresAt().plus(config.skew));
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
    GrantClaims claims = cache.get(token, now);
    if (claims == null || keys.get().find(claims.kid()) == null) {
      claims = verifySignedPart(token);
      cache.put(token, claims, now);
    }
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
  private GrantClaims verifySignedPart(String token) throws InvalidGrantException {
    envelopeChecks.increment();
    JwsCheck.Verified jws;
    try {
      jws = JwsCheck.verify(token, keys.get(), GRANT_TYPE, MAX_TOKEN_LENGTH);
    } catch (JwsException e) {
      if (e.fault() != JwsException.Fault.UNKNOWN_KEY || !refreshKeys()) {
        throw Envelopes.rejection(e);
      }
      try {
        jws = JwsCheck.verify(token, keys.get(), GRANT_TYPE, MAX_TOKEN_LENGTH);
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
    return GrantClaims.parse(
        jws.key().kid(),
        claims,
        config.issuer,
        config.audience,
        config.maxLifetime,
        config.revocation != null);
  }

  /** One rate-limited refresh of a rotating key source; true if it brought a new set. */
  private boolean refreshKeys() {
    if (config.keySource == null) {
      return false;
    }
    try {
      Optional<VerificationKeySet> fresh = config.keySource.refresh();
      if (fresh.isEmpty()) {
        return false;
      }
      keys.set(KeyRing.of(fresh.get().toJson()));
      return true;
    } catch (RuntimeException e) {
      LOG.warn("key refresh failed with {}", e.getClass().getName());
      return false;
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
