package org.mydatakit.provider;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.events.ConsentEventType;
import org.mydatakit.grant.InvalidGrantException;

/**
 * What the consent events received so far say about each consent, for {@code holdFor}: its latest
 * version and the refusal it calls for, if any. A pause or a resume applies only if it is newer
 * than the change held; an ending (revoked, expired, superseded) applies whatever its version, and
 * the consent then stays refused: nothing follows an ending in a consent's life, so the outcome is
 * the same in whatever order the events arrive. Bounded: at capacity, expired holds are dropped,
 * and if none is, the event is not taken (the receiver answers 503 and the broker sends it again).
 */
final class ConsentHolds {
  /** The latest change held for one consent; {@code reason} null when it refuses nothing. */
  private record Hold(long version, InvalidGrantException.Reason reason, Instant forgetAt) {}

  private final ConcurrentHashMap<ConsentId, Hold> holds = new ConcurrentHashMap<>();
  private final Duration holdFor;
  private final int capacity;

  ConsentHolds(Duration holdFor, int capacity) {
    this.holdFor = holdFor;
    this.capacity = capacity;
  }

  /** Whether {@code type} changes what the gate does: pause, resume, and the three endings. */
  static boolean affectsGate(ConsentEventType type) {
    return switch (type) {
      case CONSENT_PAUSED, CONSENT_RESUMED, CONSENT_REVOKED, CONSENT_EXPIRED, CONSENT_SUPERSEDED ->
          true;
      default -> false;
    };
  }

  /**
   * Applies the change {@code version} of {@code id} of {@code type}; false if it has no effect (an
   * ending is held, or a pause or resume no newer than the change held).
   *
   * @throws IllegalStateException if a new consent finds no room
   */
  synchronized boolean apply(ConsentId id, ConsentEventType type, long version, Instant now) {
    Hold held = live(holds.get(id), now);
    boolean ending =
        type != ConsentEventType.CONSENT_PAUSED && type != ConsentEventType.CONSENT_RESUMED;
    if (held != null
        && (held.reason() == InvalidGrantException.Reason.REVOKED
            || !ending && version <= held.version())) {
      return false;
    }
    if (held == null && holds.size() >= capacity) {
      holds.values().removeIf(h -> !h.forgetAt().isAfter(now));
      if (holds.size() >= capacity) {
        throw new IllegalStateException("consent holds: expected room, all " + capacity + " held");
      }
    }
    InvalidGrantException.Reason reason =
        switch (type) {
          case CONSENT_PAUSED -> InvalidGrantException.Reason.SUSPENDED;
          case CONSENT_RESUMED -> null;
          default -> InvalidGrantException.Reason.REVOKED;
        };
    long newest = held == null ? version : Math.max(version, held.version());
    holds.put(id, new Hold(newest, reason, now.plus(holdFor)));
    return true;
  }

  /** The refusal held for {@code id} at {@code now}, if any. */
  Optional<InvalidGrantException.Reason> refusal(ConsentId id, Instant now) {
    Hold held = live(holds.get(id), now);
    return held == null ? Optional.empty() : Optional.ofNullable(held.reason());
  }

  int size() {
    return holds.size();
  }

  private static Hold live(Hold hold, Instant now) {
    return hold == null || !hold.forgetAt().isAfter(now) ? null : hold;
  }
}
