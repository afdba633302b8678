package org.mydatakit.cli;

import org.mydatakit.status.RevocationCheck;
import org.mydatakit.status.StatusReference;
import org.mydatakit.status.StatusUnavailableException;
import org.mydatakit.status.TokenStatus;

/**
 * The revocation check of {@code grant verify} given neither {@code --status-list} nor {@code
 * --no-revocation-check}: it knows no status, so the verifier fails closed (STATUS_UNAVAILABLE, or
 * STATUS_MISSING for a grant without a status claim). Never answers VALID by default.
 */
final class NoStatusLists implements RevocationCheck {

  @Override
  public TokenStatus statusOf(StatusReference reference) throws StatusUnavailableException {
    throw new StatusUnavailableException(
        "no status list given: pass --status-list FILE", false, null);
  }
}
