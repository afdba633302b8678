package org.mydatakit.server;

import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import okhttp3.OkHttpClient;
import org.mydatakit.broker.Agency;
import org.mydatakit.broker.AgencyRegistry;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.grant.ClientAssertionVerifier;
import org.mydatakit.grant.DpopProofVerifier;
import org.mydatakit.grant.InvalidClientAssertionException;
import org.mydatakit.grant.InvalidGrantException;
import org.mydatakit.keys.VerificationKeySet;
import org.mydatakit.provider.HttpJwksSource;
import org.mydatakit.provider.LedgerUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Who is calling the consumer API: a consumer's {@code private_key_jwt} client assertion (RFC 7523,
 * verified by {@link ClientAssertionVerifier}) against the keys that agency has in the {@link
 * AgencyRegistry}, read on every call, and a DPoP proof (RFC 9449, {@link DpopProofVerifier}) whose
 * key a grant is bound to.
 *
 * <p>The assertion's audience is the broker's token endpoint, {@code issuer + "/grants"}, for every
 * call of the API (as in the sample broker); a DPoP proof names the public URL of its endpoint
 * under the issuer. Answers: a bad assertion or an unregistered agency is 401 {@code
 * invalid_client}; an agency registered with a JWKS URI has its keys loaded from there ({@link
 * HttpJwksSource}: https, or http on loopback; cached for the answer's max-age, 1 minute to 1 hour,
 * 5 minutes without one, so a consumer publishes a new key that long before it signs with it), and
 * a key set that cannot be loaded is 503 {@code agency_keys_unavailable}; a registered agency that
 * is not a CONSUMER is 403 {@code not_a_consumer}; a SUSPENDED one 403 {@code agency_suspended};
 * one past its rate limit ({@link ConsumerRateLimits}) 429 {@code rate_limited}; a bad DPoP proof
 * 401 {@code invalid_dpop_proof}. Only the reason is logged, never a token.
 *
 * <p>Both verifiers (assertion {@code jti}s, proof {@code jti}s) remember what they saw in {@link
 * ReplayCaches}: by default a table in the store's database, so that several nodes on one database
 * accept each assertion and proof once between them. A replay cache that fails is a 503 {@code
 * replay_cache_unavailable}.
 */
@Component
class ConsumerAuthentication {
  private static final Logger LOG = LoggerFactory.getLogger(ConsumerAuthentication.class);

  /** One client for every agency's JWKS: short timeouts, no redirects, no cookies. */
  private static final OkHttpClient HTTP =
      new OkHttpClient.Builder()
          .connectTimeout(Duration.ofSeconds(3))
          .callTimeout(Duration.ofSeconds(5))
          .followRedirects(false)
          .build();

  /** An agency's JWKS by its URI, each cached per its max-age ({@link HttpJwksSource}). */
  private final ConcurrentMap<URI, HttpJwksSource> jwksSources = new ConcurrentHashMap<>();

  private final AgencyRegistry agencies;
  private final ClientAssertionVerifier assertions;
  private final DpopProofVerifier proofs;
  private final String issuer;
  private final ConsumerRateLimits rateLimits;

  ConsumerAuthentication(
      AgencyRegistry agencies,
      BrokerProperties properties,
      ConsumerRateLimits rateLimits,
      ReplayCaches replayCaches) {
    this.agencies = agencies;
    this.rateLimits = rateLimits;
    this.issuer = properties.issuer();
    this.assertions =
        ClientAssertionVerifier.builder()
            .audience(issuer + ConsumerController.GRANTS)
            .clients(this::keysOf)
            .replayCache(replayCaches.cache())
            .build();
    this.proofs = DpopProofVerifier.builder().replayCache(replayCaches.cache()).build();
  }

  /**
   * The consumer the assertion authenticates, registered as a CONSUMER and ACTIVE; otherwise a 401
   * or 403 problem.
   */
  AgencyId consumer(String assertionType, String assertion) {
    Agency agency = registered(assertionType, assertion);
    AgencyId id = agency.id();
    if (!agency.roles().contains(Agency.Role.CONSUMER)) {
      LOG.debug("client assertion of a registered agency that is not a consumer");
      throw Problem.of(403, "not_a_consumer");
    }
    if (agency.status() != Agency.Status.ACTIVE) {
      LOG.debug("client assertion of a suspended consumer");
      throw Problem.of(403, "agency_suspended");
    }
    rateLimits.take(id);
    return id;
  }

  /**
   * The registered agency the assertion authenticates, in any role and status (a suspended agency
   * still learns of the consents it must stop using): for RFC 8936 polls. Rate-limited as its
   * consumer calls are.
   */
  AgencyId agency(String assertionType, String assertion) {
    AgencyId id = registered(assertionType, assertion).id();
    rateLimits.take(id);
    return id;
  }

  private Agency registered(String assertionType, String assertion) {
    AgencyId id;
    try {
      id = assertions.verify(assertionType, assertion);
    } catch (InvalidClientAssertionException e) {
      LOG.debug("client assertion rejected: {}", e.reason());
      throw Problem.of(401, "invalid_client");
    } catch (LedgerUnavailableException e) {
      // the replay cache could not say whether this assertion is new: not a rejection
      LOG.warn("the replay cache failed: {}", e.getClass().getName());
      throw Problem.of(503, "replay_cache_unavailable");
    }
    return agencies.find(id).orElseThrow(() -> Problem.of(401, "invalid_client"));
  }

  /** The thumbprint of the proof's key, for {@code method} at {@code path}; or 401. */
  String proofKey(String proof, String method, String path) {
    try {
      return proofs.verify(proof, method, URI.create(issuer + path));
    } catch (InvalidGrantException e) {
      if (e.reason() == InvalidGrantException.Reason.REPLAY_CACHE_UNAVAILABLE) {
        LOG.warn("the replay cache failed while a dpop proof was checked");
        throw Problem.of(503, "replay_cache_unavailable");
      }
      LOG.debug("dpop proof rejected: {}", e.reason());
      throw Problem.of(401, "invalid_dpop_proof");
    }
  }

  /**
   * The registered agency's keys: inline, or loaded from its JWKS URI (a 503 {@code
   * agency_keys_unavailable} problem if that fails); empty for an unknown agency.
   */
  Optional<VerificationKeySet> keysOf(AgencyId id) {
    Optional<Agency> agency = agencies.find(id);
    if (agency.isEmpty() || agency.get().jwks().isPresent()) {
      return agency.flatMap(Agency::jwks);
    }
    URI uri = agency.get().jwksUri().orElseThrow();
    HttpJwksSource source = jwksSources.computeIfAbsent(uri, u -> HttpJwksSource.of(HTTP, u));
    try {
      return Optional.of(source.current());
    } catch (UncheckedIOException | IllegalArgumentException e) {
      // the agency's key set could not be loaded (or breaks the key rules): not the caller's fault
      LOG.warn("an agency's JWKS could not be loaded: {}", e.getClass().getName());
      throw Problem.of(503, "agency_keys_unavailable");
    }
  }
}
