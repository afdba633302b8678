package org.mydatakit.client;

import org.mydatakit.events.ConsentEvent;

/**
 * What a consumer does when the broker tells it a consent changed: the two duties are required
 * (stop fetching when revoked, erase when the retention ends), the other events optional. Each
 * method is called once per event (per {@code jti}), on the request thread of the push.
 *
 * <pre>{@code
 * ConsumerEventListener listener = new ConsumerEventListener() {
 *   public void onRevoked(ConsentEvent event) { fetches.stop(event.consentId()); }
 *   public void onRetentionEnded(ConsentEvent event) { vault.erase(event.consentId()); }
 * };
 * }</pre>
 *
 * <p>A method that throws means "not handled": the push is answered {@code 503}, the event is not
 * marked seen, and the broker sends it again later, so the method must be safe to call again after
 * a failure. Events arrive in the order the broker sends them, which after a retry may differ from
 * the order of the changes: compare the version in {@link ConsentEvent#txn()} ({@code <consent
 * id>.<version>}) where order matters. Implementations must be thread-safe.
 */
public interface ConsumerEventListener {

  /** The consent was revoked: stop fetching under it at once (its grants are refused). */
  void onRevoked(ConsentEvent event) throws Exception;

  /** The consent's retention ended: erase what was fetched under it, then attest the erasure. */
  void onRetentionEnded(ConsentEvent event) throws Exception;

  /** The citizen approved the consent: grants may be asked for. Default: nothing. */
  default void onApproved(ConsentEvent event) throws Exception {}

  /** The citizen paused the consent: no grant until it is resumed. Default: nothing. */
  default void onPaused(ConsentEvent event) throws Exception {}

  /** The citizen resumed the consent. Default: nothing. */
  default void onResumed(ConsentEvent event) throws Exception {}

  /** The consent's validity ended: no more grants. Default: nothing. */
  default void onExpired(ConsentEvent event) throws Exception {}

  /** An amendment replaced the consent: fetch under the new one. Default: nothing. */
  default void onSuperseded(ConsentEvent event) throws Exception {}

  /** A provider confirmed a delivery of the consent with its signed receipt. Default: nothing. */
  default void onDeliveryConfirmed(ConsentEvent event) throws Exception {}
}
