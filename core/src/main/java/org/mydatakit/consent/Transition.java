package org.mydatakit.consent;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The lifecycle table (docs/architecture.md, section 4): each operation, the states it leaves and
 * the state it enters.
 */
enum Transition {
  APPROVE("approve", ConsentStatus.ACTIVE, EnumSet.of(ConsentStatus.REQUESTED)),
  REJECT("reject", ConsentStatus.REJECTED, EnumSet.of(ConsentStatus.REQUESTED)),
  EXPIRE(
      "expire", ConsentStatus.EXPIRED, EnumSet.of(ConsentStatus.REQUESTED, ConsentStatus.ACTIVE)),
  PAUSE("pause", ConsentStatus.PAUSED, EnumSet.of(ConsentStatus.ACTIVE)),
  RESUME("resume", ConsentStatus.ACTIVE, EnumSet.of(ConsentStatus.PAUSED)),
  REVOKE("revoke", ConsentStatus.REVOKED, EnumSet.of(ConsentStatus.ACTIVE, ConsentStatus.PAUSED)),
  SUPERSEDE("supersede", ConsentStatus.SUPERSEDED, EnumSet.of(ConsentStatus.ACTIVE));

  final String verb;
  final ConsentStatus to;
  final Set<ConsentStatus> from;

  Transition(String verb, ConsentStatus to, Set<ConsentStatus> from) {
    this.verb = verb;
    this.to = to;
    this.from = from;
  }

  /** Throws unless this operation may leave {@code consent}'s state. */
  void check(Consent consent) {
    ConsentStatus now = consent.status();
    if (from.contains(now)) {
      return;
    }
    String why =
        now.isFinal()
            ? "state " + now + " is final"
            : "state "
                + now
                + ", expected "
                + String.join(" or ", from.stream().map(Enum::name).toList());
    throw new ConsentStateException(verb, Optional.of(consent.id()), now, to, why);
  }
}
