package org.mydatakit.keys;

import java.util.Optional;

/**
 * Where a grant verifier ({@code org.mydatakit.grant.GrantVerifier}) or a status list cache gets
 * the broker's public keys when they may change: typically the broker's JWKS over HTTP.
 *
 * <p>The contract:
 *
 * <ul>
 *   <li>{@link #current()} is called on every verification, so it must be cheap: it answers the set
 *       the source holds. The source itself decides when that set is stale (for HTTP, when the
 *       response's max age has passed) and loads it again, lazily or in the background; a failed
 *       reload keeps the set it had. It returns the same instance until the keys are reloaded:
 *       callers prepare the keys again only when the instance changes. A key the broker retired
 *       must stop being answered within one max age of the source.
 *   <li>{@link #refresh()} is called when a token names an unknown {@code kid}, at most once per
 *       token. A forger can send any kid, so implementations rate-limit it (at most one load per
 *       minimum interval, typically 30 s) and answer {@link Optional#empty()} when a refresh was
 *       done recently or failed; otherwise the new set, which {@link #current()} then answers too.
 * </ul>
 *
 * <p>Implementations must be thread-safe. Keys are loaded with the hygiene of {@link
 * VerificationKeySet#parse}.
 *
 * <pre>{@code
 * GrantVerifier verifier = GrantVerifier.builder()
 *     .trustedIssuer("https://broker.example", HttpJwksSource.of(client, jwksUri))
 *     ...
 * }</pre>
 */
public interface VerificationKeySource {

  /**
   * The keys to verify with now: the held set, reloaded by the source when stale. Throws only if no
   * set was ever loaded.
   */
  VerificationKeySet current();

  /** Newer keys, if a refresh is allowed now and yields a set; otherwise empty. Never throws. */
  Optional<VerificationKeySet> refresh();
}
