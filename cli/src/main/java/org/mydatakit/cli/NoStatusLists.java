package org.mydatakit.cli;

import org.mydatakit.grant.RevocationCheck;
import org.mydatakit.status.StatusReference;
import org.mydatakit.status.StatusUnavailableException;
import org.mydatakit.status.TokenStatus;

/**
 * The revocation check {@code grant verify} uses until status lists arrive with the broker: it
 * knows no status, so the verifier fails closed (STATUS_UNAVAILABLE, or STATUS_MISSING for a grant
 * without a status claim). Never answers VALID by default.
 */
final class NoStatusLists implements RevocationCheck {

  @Override
  public TokenStatus statusOf(StatusReference reference) throws StatusUnavailableException {
    throw new StatusUnavailableException(
        "no status list source: status lists arrive with the broker", false, null);
  }
}
