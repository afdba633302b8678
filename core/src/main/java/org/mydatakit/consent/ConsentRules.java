package org.mydatakit.consent;

import java.util.Set;
import java.util.TreeSet;

/**
 * The cross-field rules of a {@link Consent}; each failure names the field and what was expected.
 */
final class ConsentRules {
  /** The largest status-list index, as in {@link org.mydatakit.status.StatusReference}. */
  static final long MAX_STATUS_INDEX = Integer.MAX_VALUE;

  private ConsentRules() {}

  static void check(Consent c) {
    if (c.version < 0) {
      throw new IllegalArgumentException("version: expected 0 or more, got " + c.version);
    }
    if ((c.status == ConsentStatus.REQUESTED) != (c.version == 0)) {
      throw new IllegalArgumentException(
          "version: expected 0 exactly when the status is REQUESTED, got version "
              + c.version
              + " with status "
              + c.status);
    }
    if (c.supersedes.isPresent() && c.supersedes.get().equals(c.id)) {
      throw new IllegalArgumentException(
          "supersedes: expected another consent's id, got its own id");
    }
    providersMatch(c);
    if (!c.validFrom.isBefore(c.validUntil)) {
      throw new IllegalArgumentException(
          "validUntil: expected after validFrom " + c.validFrom + ", got " + c.validUntil);
    }
    if (c.retention.isNegative() || c.retention.isZero()) {
      throw new IllegalArgumentException(
          "retention: expected a positive period such as P1Y, got " + c.retention);
    }
    if (c.statusChangedAt.isBefore(c.createdAt)) {
      throw new IllegalArgumentException(
          "statusChangedAt: expected at or after createdAt "
              + c.createdAt
              + ", got "
              + c.statusChangedAt);
    }
    approval(c);
    c.statusReason.ifPresent(r -> ConsentValues.text("statusReason", r, 500));
    if (c.revokedBy.isPresent() != (c.status == ConsentStatus.REVOKED)) {
      throw new IllegalArgumentException(
          "revokedBy: expected present exactly when the status is REVOKED, got "
              + (c.revokedBy.isPresent() ? "present" : "absent")
              + " with status "
              + c.status);
    }
  }

  private static void providersMatch(Consent c) {
    Set<AgencyId> inItems = new TreeSet<>();
    c.items.forEach(i -> inItems.add(i.provider()));
    for (AgencyId p : inItems) {
      if (!c.subject.pairwise().containsKey(p)) {
        throw new IllegalArgumentException(
            "subject: expected a pairwise subject for provider " + p + " of the items, got none");
      }
    }
    for (AgencyId p : c.subject.pairwise().keySet()) {
      if (!inItems.contains(p)) {
        throw new IllegalArgumentException(
            "subject: expected pairwise subjects only for providers of the items, got provider "
                + p);
      }
    }
  }

  /** Evidence and status index: both present exactly when the consent was approved. */
  private static void approval(Consent c) {
    if (c.evidence.isPresent() != c.statusIndex.isPresent()) {
      throw new IllegalArgumentException(
          "statusIndex: expected present exactly when evidence is present, got "
              + (c.statusIndex.isPresent()
                  ? "a status index without evidence"
                  : "evidence without a status index"));
    }
    boolean approved = c.evidence.isPresent();
    boolean mustBe =
        switch (c.status) {
          case ACTIVE, PAUSED, REVOKED, SUPERSEDED -> true;
          case REQUESTED, REJECTED -> false;
          case EXPIRED -> approved; // an expired consent may or may not have been approved
        };
    if (approved != mustBe) {
      throw new IllegalArgumentException(
          "evidence: expected "
              + (mustBe ? "present" : "absent")
              + " with status "
              + c.status
              + " (present exactly when the consent was approved)");
    }
    if (c.statusIndex.isPresent()) {
      long index = c.statusIndex.getAsLong();
      if (index < 0 || index > MAX_STATUS_INDEX) {
        throw new IllegalArgumentException(
            "statusIndex: expected 0 to " + MAX_STATUS_INDEX + ", got " + index);
      }
    }
    c.evidence.ifPresent(
        e -> {
          if (e.authenticatedAt().isAfter(c.statusChangedAt)) {
            throw new IllegalArgumentException(
                "evidence authenticatedAt: expected at or before statusChangedAt "
                    + c.statusChangedAt
                    + ", got "
                    + e.authenticatedAt());
          }
        });
  }
}
