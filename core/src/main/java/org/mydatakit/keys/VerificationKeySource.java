package org.mydatakit.keys;

import java.util.Optional;

/**
 * Where a grant verifier ({@code org.mydatakit.grant.GrantVerifier}) gets the broker's public keys
 * when they may change: typically the broker's JWKS over HTTP. The verifier asks {@link #current()}
 * once at start and calls {@link #refresh()} when a token names an unknown {@code kid} — at most
 * once per token.
 *
 * <p>Implementations must be thread-safe and must rate-limit {@link #refresh()} (a forger can send
 * any kid): answer {@link Optional#empty()} when a refresh was done recently or failed. Keys are
 * loaded with the hygiene of {@link VerificationKeySet#parse}.
 *
 * <pre>{@code
 * GrantVerifier verifier = GrantVerifier.builder()
 *     .trustedIssuer("https://broker.example", HttpJwksSource.of(client, jwksUri))
 *     ...
 * }</pre>
 */
public interface VerificationKeySource {

  /** The keys to start with. */
  VerificationKeySet current();

  /** Newer keys, if a refresh is allowed now and yields a set; otherwise empty. */
  Optional<VerificationKeySet> refresh();
}
