package org.mydatakit.consent;

import java.time.Instant;
import java.time.Period;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.mydatakit.internal.Checks;

/**
 * Builds a {@link Consent}; obtained from {@link Consent#builder()} (a new REQUESTED consent,
 * version 0) or {@link Consent#newBuilder()} (a copy to change).
 *
 * <p>Setters only record; {@link #build()} validates everything at once. Each optional field has
 * two setters: one taking the value, one taking an {@code Optional} to set or clear it. Not
 * thread-safe.
 *
 * <pre>{@code
 * Consent amendment = active.newBuilder()
 *     .id(ConsentId.generate(now))
 *     .supersedes(active.id())
 *     .version(0).status(ConsentStatus.REQUESTED)
 *     .evidence(Optional.empty()).statusIndex(OptionalLong.empty())
 *     .validUntil(active.validUntil().plus(Duration.ofDays(365)))
 *     .createdAt(now).statusChangedAt(now)
 *     .build();
 * }</pre>
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

  ConsentBuilder(Consent c) {
    id = c.id;
    version = c.version;
    supersedes = c.supersedes;
    subject = c.subject;
    consumer = c.consumer;
    items = c.items;
    purpose = c.purpose;
    delivery = c.delivery;
    dataRange = c.dataRange;
    validFrom = c.validFrom;
    validUntil = c.validUntil;
    retention = c.retention;
    representative = c.representative;
    evidence = c.evidence;
    status = c.status;
    statusIndex = c.statusIndex;
    createdAt = c.createdAt;
    statusChangedAt = c.statusChangedAt;
    statusReason = c.statusReason;
    revokedBy = c.revokedBy;
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

  public ConsentBuilder version(long version) {
    this.version = version;
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

  public ConsentBuilder evidence(AuthenticationEvidence evidence) {
    return evidence(Optional.of(Checks.notNull("evidence", evidence)));
  }

  public ConsentBuilder evidence(Optional<AuthenticationEvidence> evidence) {
    this.evidence = Checks.notNull("evidence", evidence);
    return this;
  }

  public ConsentBuilder status(ConsentStatus status) {
    this.status = Checks.notNull("status", status);
    return this;
  }

  public ConsentBuilder statusIndex(long statusIndex) {
    return statusIndex(OptionalLong.of(statusIndex));
  }

  public ConsentBuilder statusIndex(OptionalLong statusIndex) {
    this.statusIndex = Checks.notNull("statusIndex", statusIndex);
    return this;
  }

  public ConsentBuilder createdAt(Instant createdAt) {
    this.createdAt = Checks.notNull("createdAt", createdAt);
    return this;
  }

  public ConsentBuilder statusChangedAt(Instant statusChangedAt) {
    this.statusChangedAt = Checks.notNull("statusChangedAt", statusChangedAt);
    return this;
  }

  public ConsentBuilder statusReason(String statusReason) {
    return statusReason(Optional.of(Checks.notNull("statusReason", statusReason)));
  }

  public ConsentBuilder statusReason(Optional<String> statusReason) {
    this.statusReason = Checks.notNull("statusReason", statusReason);
    return this;
  }

  public ConsentBuilder revokedBy(RevokedBy revokedBy) {
    return revokedBy(Optional.of(Checks.notNull("revokedBy", revokedBy)));
  }

  public ConsentBuilder revokedBy(Optional<RevokedBy> revokedBy) {
    this.revokedBy = Checks.notNull("revokedBy", revokedBy);
    return this;
  }
}
