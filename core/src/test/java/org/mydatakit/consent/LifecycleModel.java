package org.mydatakit.consent;

import static org.mydatakit.consent.ConsentStatus.ACTIVE;
import static org.mydatakit.consent.ConsentStatus.EXPIRED;
import static org.mydatakit.consent.ConsentStatus.PAUSED;
import static org.mydatakit.consent.ConsentStatus.REJECTED;
import static org.mydatakit.consent.ConsentStatus.REQUESTED;
import static org.mydatakit.consent.ConsentStatus.REVOKED;
import static org.mydatakit.consent.ConsentStatus.SUPERSEDED;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The reference transition table of docs/architecture.md (section 4), written independently of
 * {@code Transition}.
 */
enum LifecycleModel {
  APPROVE(ACTIVE, Map.of(REQUESTED, ACTIVE)),
  REJECT(REJECTED, Map.of(REQUESTED, REJECTED)),
  EXPIRE(EXPIRED, Map.of(REQUESTED, EXPIRED, ACTIVE, EXPIRED)),
  PAUSE(PAUSED, Map.of(ACTIVE, PAUSED)),
  RESUME(ACTIVE, Map.of(PAUSED, ACTIVE)),
  REVOKE(REVOKED, Map.of(ACTIVE, REVOKED, PAUSED, REVOKED)),
  SUPERSEDE(SUPERSEDED, Map.of(ACTIVE, SUPERSEDED));

  final ConsentStatus target;
  private final Map<ConsentStatus, ConsentStatus> table;

  LifecycleModel(ConsentStatus target, Map<ConsentStatus, ConsentStatus> table) {
    this.target = target;
    this.table = table;
  }

  /** The state this operation leads to from {@code from} at {@code at}, or empty if illegal. */
  Optional<ConsentStatus> next(ConsentStatus from, Instant at, Instant validUntil) {
    if (this == EXPIRE && from == ACTIVE && at.isBefore(validUntil)) {
      return Optional.empty();
    }
    return Optional.ofNullable(table.get(from));
  }

  /** Applies the operation through the package-private transitions the broker uses. */
  Consent apply(Consent c, Instant at) {
    return switch (this) {
      case APPROVE -> c.approve(at, Fixtures.evidenceAt(at), 42);
      case REJECT -> c.reject(at, "citizen declined");
      case EXPIRE -> c.expire(at);
      case PAUSE -> c.pause(at);
      case RESUME -> c.resume(at);
      case REVOKE -> c.revoke(at, RevokedBy.CITIZEN, "no longer needed");
      case SUPERSEDE -> c.supersede(at);
    };
  }

  /** A consent in {@code status}, reached through the transitions before {@code validUntil}. */
  static Consent inState(ConsentStatus status) {
    Consent requested = Fixtures.requested();
    Instant t = Fixtures.APPROVED;
    Consent active = requested.approve(t, Fixtures.evidence(), 42);
    return switch (status) {
      case REQUESTED -> requested;
      case ACTIVE -> active;
      case PAUSED -> active.pause(t.plusSeconds(1));
      case REJECTED -> requested.reject(t, "citizen declined");
      case EXPIRED -> requested.expire(t);
      case REVOKED -> active.revoke(t.plusSeconds(1), RevokedBy.CONSUMER, "loan closed");
      case SUPERSEDED -> active.supersede(t.plusSeconds(1));
    };
  }
}
