package org.mydatakit.testkit.internal;

import java.net.URI;
import java.time.Clock;
import java.util.function.Supplier;
import org.mydatakit.keys.VerificationKeySet;
import org.mydatakit.status.RevocationCheck;
import org.mydatakit.status.StatusListException;
import org.mydatakit.status.StatusListVerifier;
import org.mydatakit.status.StatusReference;
import org.mydatakit.status.StatusUnavailableException;
import org.mydatakit.status.TokenStatus;

/**
 * A revocation check that fetches and verifies the broker's signed status list on every request. A
 * real agency caches the list for its ttl; this one does not, so that a revoke in a test is seen by
 * the very next request.
 */
public final class FreshStatusCheck implements RevocationCheck {
  private final URI listUri;
  private final Supplier<String> list;
  private final StatusListVerifier verifier;

  /** Checks against the list {@code list} supplies, published at {@code listUri}. */
  public FreshStatusCheck(
      String issuer, VerificationKeySet keys, Clock clock, URI listUri, Supplier<String> list) {
    this.listUri = listUri;
    this.list = list;
    this.verifier = StatusListVerifier.builder().trustedIssuer(issuer, keys).clock(clock).build();
  }

  @Override
  public TokenStatus statusOf(StatusReference reference) throws StatusUnavailableException {
    if (!listUri.equals(reference.uri())) {
      throw new StatusUnavailableException(
          "status list: expected the broker's list uri", false, null);
    }
    try {
      return verifier.verify(list.get(), listUri).list().get(reference.index());
    } catch (StatusListException e) {
      throw new StatusUnavailableException("status list rejected: " + e.reason(), false, e);
    } catch (RuntimeException e) {
      throw new StatusUnavailableException(
          "status list unusable: " + e.getClass().getSimpleName(), false, null);
    }
  }

  @Override
  public String toString() {
    return "FreshStatusCheck[" + listUri + "]";
  }
}
