package org.mydatakit.provider;

import java.util.Optional;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.grant.InvalidGrantException;

/**
 * Consents whose grants the {@link ProviderGate} refuses at once, before its status list says so:
 * typically a {@link ConsentEventReceiver}, which learns of revocations and pauses from the
 * broker's pushed events. It only ever refuses more: a consent it does not name is decided by the
 * grant and the status list alone.
 *
 * <pre>{@code
 * ConsentEventReceiver events = ConsentEventReceiver.builder()...build();
 * ProviderGate gate = ProviderGate.builder()...consentEvents(events).build();
 * }</pre>
 *
 * <p>Implementations must be thread-safe and cheap: the gate asks once per admitted grant. One that
 * throws makes the gate refuse {@code 503 STATUS_UNAVAILABLE} (fail closed).
 */
public interface RefusedConsents {

  /**
   * Why grants of {@code consentId} must be refused now: {@link
   * InvalidGrantException.Reason#REVOKED} (revoked, expired or superseded) or {@link
   * InvalidGrantException.Reason#SUSPENDED} (paused); empty if this view has nothing against it.
   */
  Optional<InvalidGrantException.Reason> refusal(ConsentId consentId);
}
