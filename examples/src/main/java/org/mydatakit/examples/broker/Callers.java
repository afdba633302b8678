package org.mydatakit.examples.broker;

import java.net.URI;
import java.time.Clock;
import java.util.Map;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.grant.ClientAssertionVerifier;
import org.mydatakit.grant.DpopProofVerifier;
import org.mydatakit.grant.InvalidClientAssertionException;
import org.mydatakit.grant.InvalidGrantException;
import org.mydatakit.keys.VerificationKeySet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is calling: the library's verifiers for a consumer's client assertion (RFC 7523) and for the
 * DPoP proof (RFC 9449) whose key a grant is bound to. Every failure is one stock 401 — {@code
 * invalid_client} or {@code invalid_dpop_proof} — and only the reason, never the token, is logged.
 */
final class Callers {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerServer.class);

  private final ClientAssertionVerifier assertions;
  private final DpopProofVerifier proofs;

  Callers(Map<AgencyId, VerificationKeySet> consumers, String tokenEndpoint, Clock clock) {
    ClientAssertionVerifier.Builder clients =
        ClientAssertionVerifier.builder().audience(tokenEndpoint).clock(clock);
    consumers.forEach(clients::client);
    this.assertions = clients.build();
    this.proofs = DpopProofVerifier.builder().clock(clock).build();
  }

  /** The consumer the assertion authenticates, or 401 {@code invalid_client}. */
  AgencyId consumer(String assertionType, String assertion) {
    try {
      return assertions.verify(assertionType, assertion);
    } catch (InvalidClientAssertionException e) {
      LOG.debug("client assertion rejected: {}", e.reason());
      throw Problem.of(401, "invalid_client");
    }
  }

  /** The thumbprint of the proof's key, or 401 {@code invalid_dpop_proof}. */
  String proofKey(String proof, String method, URI url) {
    try {
      return proofs.verify(proof, method, url);
    } catch (InvalidGrantException e) {
      LOG.debug("dpop proof rejected: {}", e.reason());
      throw Problem.of(401, "invalid_dpop_proof");
    }
  }
}
