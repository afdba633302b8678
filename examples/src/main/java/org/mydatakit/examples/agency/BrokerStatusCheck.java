package org.mydatakit.examples.agency;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.mydatakit.keys.VerificationKeySet;
import org.mydatakit.keys.VerificationKeySource;
import org.mydatakit.status.RevocationCheck;
import org.mydatakit.status.StatusListSource;
import org.mydatakit.status.StatusLists;
import org.mydatakit.status.StatusReference;
import org.mydatakit.status.StatusUnavailableException;
import org.mydatakit.status.TokenStatus;

/**
 * The agency's revocation check: {@link StatusLists} over the broker's status lists, trusting the
 * broker's current keys. {@code StatusLists} is built over one key set, so when the broker rotates,
 * this check follows: it rebuilds the cache whenever the key source holds a newer set, and when no
 * list can be verified it asks the source (rate-limited) for newer keys once and retries.
 */
final class BrokerStatusCheck implements RevocationCheck {
  private final String issuer;
  private final VerificationKeySource keys;
  private final StatusListSource source;
  private final Duration maxAge;
  private final Clock clock;
  private VerificationKeySet trusted; // guarded by this
  private StatusLists lists; // guarded by this

  BrokerStatusCheck(
      String issuer,
      VerificationKeySource keys,
      StatusListSource source,
      Duration maxAge,
      Clock clock) {
    this.issuer = issuer;
    this.keys = keys;
    this.source = source;
    this.maxAge = maxAge;
    this.clock = clock;
    listsFor(keys.current()); // validates maxAge now, not at the first request
  }

  @Override
  public TokenStatus statusOf(StatusReference reference) throws StatusUnavailableException {
    try {
      return listsFor(keys.current()).statusOf(reference);
    } catch (StatusUnavailableException e) {
      Optional<VerificationKeySet> newer = keys.refresh();
      if (newer.isEmpty()) {
        throw e;
      }
      return listsFor(newer.get()).statusOf(reference);
    }
  }

  private synchronized StatusLists listsFor(VerificationKeySet current) {
    if (current != trusted) {
      lists =
          StatusLists.builder()
              .source(source)
              .trustedIssuer(issuer, current)
              .maxAge(maxAge)
              .clock(clock)
              .build();
      trusted = current;
    }
    return lists;
  }

  @Override
  public String toString() {
    return "BrokerStatusCheck[" + issuer + "]";
  }
}
