package org.mydatakit.consent;

import java.time.Instant;
import java.time.Period;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.mydatakit.internal.Checks;

/**
 * Builds a new {@link Consent} in state {@link ConsentStatus#REQUESTED}, version 0; obtained from
 * {@link Consent#builder()} (empty) or {@link Consent#newBuilder()} (a draft with the terms of an
 * existing consent, such as an amendment).
 *
 * <p>The public setters set only a request's terms. A consent in any other state comes from the
 * broker ({@code ConsentBroker} applies every lifecycle step, within its checks and budgets) or
 * from reading a stored one back ({@link ConsentJson#read}); no public method builds one.
 *
 * <p>Setters only record; {@link #build()} validates everything at once. Each optional field has
 * two setters: one taking the value, one taking an {@code Optional} to set or clear it. Not
 * thread-safe.
 *
 * <pre>{@code
 * Consent amendment = active.newBuilder()           // REQUESTED, with active's terms
 *     .id(ConsentId.generate(now))
 *     .supersedes(active.id())
 *     .validUntil(active.validUntil().plus(Duration.ofDays(365)))
 *     .createdAt(now)
 *     .build();                                     // REQUESTED, version 0
 * }</pre>
 *
 * <p>In practice the broker builds amendments itself ({@code ConsentBroker.amend}); a draft that
 * {@link #supersedes(ConsentId) supersedes} another consent is only a request, and the broker's
 * store checks that the consent it amends is ACTIVE and the same citizen's.
 */
public final class ConsentBuilder {
  ConsentId id;
  long version;
  Optional<ConsentId> supersedes = Optional.empty();
  ConsentSubject subject;
  AgencyId consumer;
  Set<DataItem> items;
  Purpose purpose;
  Delivery delivery;
  Optional<DataRange> dataRange = Optional.empty();
  Instant validFrom;
  Instant validUntil;
  Period retention;
  Optional<Representative> representative = Optional.empty();
  Optional<AuthenticationEvidence> evidence = Optional.empty();
  ConsentStatus status = ConsentStatus.REQUESTED;
  OptionalLong statusIndex = OptionalLong.empty();
  Instant createdAt;
  Instant statusChangedAt;
  Optional<String> statusReason = Optional.empty();
  Optional<RevokedBy> revokedBy = Optional.empty();

  ConsentBuilder() {}

  /**
   * A REQUESTED draft with {@code c}'s terms: every field a request sets (id, supersedes, subject,
   * consumer, items, purpose, delivery, data range, validity, retention, representative, createdAt)
   * and none a lifecycle step sets.
   */
  static ConsentBuilder draftOf(Consent c) {
    ConsentBuilder b = new ConsentBuilder();
    b.id = c.id;
    b.supersedes = c.supersedes;
    b.subject = c.subject;
    b.consumer = c.consumer;
    b.items = c.items;
    b.purpose = c.purpose;
    b.delivery = c.delivery;
    b.dataRange = c.dataRange;
    b.validFrom = c.validFrom;
    b.validUntil = c.validUntil;
    b.retention = c.retention;
    b.representative = c.representative;
    b.createdAt = c.createdAt;
    return b;
  }

  /** Every field of {@code c}, its lifecycle included: where a transition starts. */
  static ConsentBuilder copyOf(Consent c) {
    ConsentBuilder b = draftOf(c);
    b.version = c.version;
    b.evidence = c.evidence;
    b.status = c.status;
    b.statusIndex = c.statusIndex;
    b.statusChangedAt = c.statusChangedAt;
    b.statusReason = c.statusReason;
    b.revokedBy = c.revokedBy;
    return b;
  }

  /**
   * Validates every field and the rules between them, and returns the consent.
   *
   * <p>Besides each field's own form: items non-empty, with exactly one pairwise subject per
   * provider of the items; {@code validFrom < validUntil}; retention positive; {@code createdAt <=
   * statusChangedAt}; version 0 exactly when REQUESTED; evidence and status index present exactly
   * when the consent was approved (always for ACTIVE, PAUSED, REVOKED and SUPERSEDED, never for
   * REQUESTED and REJECTED, either way for EXPIRED), with {@code evidence.authenticatedAt <=
   * statusChangedAt}; revokedBy present exactly when REVOKED. An unset {@code statusChangedAt}
   * means {@code createdAt}.
   *
   * @throws IllegalArgumentException naming the first field found wrong and what was expected
   */
  public Consent build() {
    return new Consent(this);
  }

  public ConsentBuilder id(ConsentId id) {
    this.id = Checks.notNull("id", id);
    return this;
  }

  public ConsentBuilder supersedes(ConsentId supersedes) {
    return supersedes(Optional.of(Checks.notNull("supersedes", supersedes)));
  }

  public ConsentBuilder supersedes(Optional<ConsentId> supersedes) {
    this.supersedes = Checks.notNull("supersedes", supersedes);
    return this;
  }

  public ConsentBuilder subject(ConsentSubject subject) {
    this.subject = Checks.notNull("subject", subject);
    return this;
  }

  public ConsentBuilder consumer(AgencyId consumer) {
    this.consumer = Checks.notNull("consumer", consumer);
    return this;
  }

  /** The items; copied (sorted) at {@link #build()}. */
  public ConsentBuilder items(Set<DataItem> items) {
    this.items = Checks.notNull("items", items);
    return this;
  }

  public ConsentBuilder purpose(Purpose purpose) {
    this.purpose = Checks.notNull("purpose", purpose);
    return this;
  }

  public ConsentBuilder delivery(Delivery delivery) {
    this.delivery = Checks.notNull("delivery", delivery);
    return this;
  }

  public ConsentBuilder dataRange(DataRange dataRange) {
    return dataRange(Optional.of(Checks.notNull("dataRange", dataRange)));
  }

  public ConsentBuilder dataRange(Optional<DataRange> dataRange) {
    this.dataRange = Checks.notNull("dataRange", dataRange);
    return this;
  }

  public ConsentBuilder validFrom(Instant validFrom) {
    this.validFrom = Checks.notNull("validFrom", validFrom);
    return this;
  }

  /** The end of validity, exclusive. */
  public ConsentBuilder validUntil(Instant validUntil) {
    this.validUntil = Checks.notNull("validUntil", validUntil);
    return this;
  }

  public ConsentBuilder retention(Period retention) {
    this.retention = Checks.notNull("retention", retention);
    return this;
  }

  public ConsentBuilder representative(Representative representative) {
    return representative(Optional.of(Checks.notNull("representative", representative)));
  }

  public ConsentBuilder representative(Optional<Representative> representative) {
    this.representative = Checks.notNull("representative", representative);
    return this;
  }

  public ConsentBuilder createdAt(Instant createdAt) {
    this.createdAt = Checks.notNull("createdAt", createdAt);
    return this;
  }

  // ---- lifecycle fields: package-private, set only by Consent's transitions and by reading a
  // stored consent back (ConsentMapping) ----

  ConsentBuilder version(long version) {
    this.version = version;
    return this;
  }

  ConsentBuilder evidence(AuthenticationEvidence evidence) {
    return evidence(Optional.of(Checks.notNull("evidence", evidence)));
  }

  ConsentBuilder evidence(Optional<AuthenticationEvidence> evidence) {
    this.evidence = Checks.notNull("evidence", evidence);
    return this;
  }

  ConsentBuilder status(ConsentStatus status) {
    this.status = Checks.notNull("status", status);
    return this;
  }

  ConsentBuilder statusIndex(long statusIndex) {
    return statusIndex(OptionalLong.of(statusIndex));
  }

  ConsentBuilder statusIndex(OptionalLong statusIndex) {
    this.statusIndex = Checks.notNull("statusIndex", statusIndex);
    return this;
  }

  ConsentBuilder statusChangedAt(Instant statusChangedAt) {
    this.statusChangedAt = Checks.notNull("statusChangedAt", statusChangedAt);
    return this;
  }

  ConsentBuilder statusReason(String statusReason) {
    return statusReason(Optional.of(Checks.notNull("statusReason", statusReason)));
  }

  ConsentBuilder statusReason(Optional<String> statusReason) {
    this.statusReason = Checks.notNull("statusReason", statusReason);
    return this;
  }

  ConsentBuilder revokedBy(RevokedBy revokedBy) {
    return revokedBy(Optional.of(Checks.notNull("revokedBy", revokedBy)));
  }

  ConsentBuilder revokedBy(Optional<RevokedBy> revokedBy) {
    this.revokedBy = Checks.notNull("revokedBy", revokedBy);
    return this;
  }
}
