package org.mydatakit.status;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/**
 * A status list whose token verified: who signed it, for which uri, when, and for how long it may
 * be served. Only {@link StatusListVerifier} creates one.
 *
 * <pre>{@code
 * VerifiedStatusList verified = verifier.verify(token, listUri);
 * TokenStatus status = verified.list().get(42);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class VerifiedStatusList {
  private final String issuer;
  private final URI uri;
  private final Instant issuedAt;
  private final Instant expiresAt;
  private final Duration ttl;
  private final StatusList list;

  VerifiedStatusList(
      String issuer, URI uri, Instant issuedAt, Instant expiresAt, Duration ttl, StatusList list) {
    this.issuer = issuer;
    this.uri = uri;
    this.issuedAt = issuedAt;
    this.expiresAt = expiresAt;
    this.ttl = ttl;
    this.list = list;
  }

  /** The broker that signed the list ({@code iss}). */
  public String issuer() {
    return issuer;
  }

  /** The list's uri ({@code sub}). */
  public URI uri() {
    return uri;
  }

  /** When the broker signed the list ({@code iat}). */
  public Instant issuedAt() {
    return issuedAt;
  }

  /** When the list stops being valid ({@code exp}). */
  public Instant expiresAt() {
    return expiresAt;
  }

  /** How long the list may be served from a cache before refetching ({@code ttl}). */
  public Duration ttl() {
    return ttl;
  }

  /** The entries. */
  public StatusList list() {
    return list;
  }

  @Override
  public String toString() {
    return "VerifiedStatusList[uri="
        + uri
        + ", iat="
        + issuedAt
        + ", exp="
        + expiresAt
        + ", ttl="
        + ttl
        + ", size="
        + list.size()
        + "]";
  }
}
