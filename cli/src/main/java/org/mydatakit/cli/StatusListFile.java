package org.mydatakit.cli;

import org.mydatakit.keys.VerificationKeySet;
import org.mydatakit.status.RevocationCheck;
import org.mydatakit.status.StatusListException;
import org.mydatakit.status.StatusListVerifier;
import org.mydatakit.status.StatusReference;
import org.mydatakit.status.StatusUnavailableException;
import org.mydatakit.status.TokenStatus;

/**
 * The revocation check of {@code grant verify --status-list FILE}: the broker's signed list from a
 * file, verified against the broker keys and against the list URI each grant names.
 */
final class StatusListFile implements RevocationCheck {
  private final String token;
  private final StatusListVerifier verifier;

  StatusListFile(String token, String issuer, VerificationKeySet keys) {
    this.token = token;
    this.verifier = StatusListVerifier.builder().trustedIssuer(issuer, keys).build();
  }

  @Override
  public TokenStatus statusOf(StatusReference reference) throws StatusUnavailableException {
    try {
      var list = verifier.verify(token, reference.uri()).list();
      if (reference.index() >= list.size()) {
        throw new StatusUnavailableException("index beyond the status list", false, null);
      }
      return list.get(reference.index());
    } catch (StatusListException e) {
      throw new StatusUnavailableException(
          "status list rejected: " + e.reason(),
          e.reason() == StatusListException.Reason.EXPIRED,
          e);
    }
  }
}
