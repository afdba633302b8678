package org.mydatakit.server;

import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.consent.CitizenIdentifier;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentId;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Who the signed-in citizen is, and which consents are hers: the one check that the citizen's API
 * and her pages share. A consent that is malformed, unknown or another citizen's is a 404, as if it
 * did not exist.
 */
@Component
class CitizenAccess {
  private final ConsentBroker broker;
  private final CitizenSignIn signIn;

  CitizenAccess(ConsentBroker broker, CitizenSignIn signIn) {
    this.broker = broker;
    this.signIn = signIn;
  }

  /** The signed-in citizen, a fresh identifier the caller closes; a 401 without one. */
  CitizenIdentifier citizen(Authentication authentication) {
    return signIn.citizen(authentication).orElseThrow(() -> Problem.of(401, "sign_in_required"));
  }

  /** Her consent {@code id}; 404 for an id that is malformed, unknown or another citizen's. */
  Consent own(String id, CitizenIdentifier citizen) {
    ConsentId consentId;
    try {
      consentId = ConsentId.parse(id);
    } catch (RuntimeException e) {
      throw Problem.notFound();
    }
    return broker.consentsOf(citizen).stream()
        .filter(c -> c.id().equals(consentId))
        .findFirst()
        .orElseThrow(Problem::notFound);
  }
}
