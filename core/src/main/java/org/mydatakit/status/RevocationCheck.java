package org.mydatakit.status;

/**
 * How a grant verifier ({@code org.mydatakit.grant.GrantVerifier}) learns whether the consent
 * behind a grant is still in force: usually a cached, signed status list of the broker.
 *
 * <p>Implementations must be thread-safe and should answer from a cache: the verifier asks on every
 * request. Throw {@link StatusUnavailableException} rather than guess; the verifier then rejects
 * the grant (fail closed), as it does for any unchecked exception thrown here.
 *
 * <pre>{@code
 * RevocationCheck check = reference -> statusLists.statusOf(reference);
 * }</pre>
 */
@FunctionalInterface
public interface RevocationCheck {

  /** Returns the status of the entry {@code reference} points to. */
  TokenStatus statusOf(StatusReference reference) throws StatusUnavailableException;
}
