package org.mydatakit.consent;

import java.time.Instant;
import java.time.Period;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.mydatakit.internal.Checks;
import org.mydatakit.status.TokenStatus;

/**
 * A citizen's consent (전송요구): who ({@link #consumer()}) may receive which records ({@link
 * #items()}) about whom ({@link #subject()}), why, how often and until when, and where it is in its
 * lifecycle.
 *
 * <p>Immutable and validated at construction (see {@link ConsentBuilder#build()}). Anyone may build
 * a new request ({@link #builder()}, REQUESTED, version 0); every other state is reached only
 * through the broker ({@code ConsentBroker}: approve, reject, pause, resume, revoke, expire,
 * amend), which checks the citizen, the state and the budgets and audits each step, or by reading a
 * stored consent back ({@link ConsentJson#read}). The transitions themselves are package-private:
 * each returns a new consent whose {@link #version()} is one higher and whose {@link
 * #statusChangedAt()} is the operation's instant; an operation that the lifecycle
 * (docs/architecture.md, section 4) does not allow in the current state throws {@link
 * ConsentStateException}, and an instant before {@link #statusChangedAt()} throws {@link
 * IllegalArgumentException}.
 *
 * <pre>{@code
 * Consent requested = Consent.builder()
 *     .id(ConsentId.generate(now))
 *     .subject(pairwise.derive(ci, Set.of(nhis)))
 *     .consumer(AgencyId.of("KB-BANK"))
 *     .items(Set.of(DataItem.of(nhis, ItemCode.of("nhis.qualification"))))
 *     .purpose(new Purpose("loan-screening", "대출 심사", LegalBasis.PIPA_35_2))
 *     .delivery(Delivery.oneTime())
 *     .validFrom(now)
 *     .validUntil(now.plus(Duration.ofDays(30)))
 *     .retention(Period.ofYears(1))
 *     .createdAt(now)
 *     .build();                                     // REQUESTED, version 0
 * // in an application the broker builds the request and applies the lifecycle:
 * Consent stored = broker.request(consentRequest, ci, "order-7731");
 * Consent active = broker.approve(stored.id(), ci, evidence);
 * Consent revoked = broker.revoke(active.id(), RevokedBy.CITIZEN, "no longer needed");
 * }</pre>
 *
 * <p>{@link #toString()} shows the id, status, version, consumer and providers, never a subject.
 */
public final class Consent {
  final ConsentId id;
  final long version;
  final Optional<ConsentId> supersedes;
  final ConsentSubject subject;
  final AgencyId consumer;
  final SortedSet<DataItem> items;
  final Purpose purpose;
  final Delivery delivery;
  final Optional<DataRange> dataRange;
  final Instant validFrom;
  final Instant validUntil;
  final Period retention;
  final Optional<Representative> representative;
  final Optional<AuthenticationEvidence> evidence;
  final ConsentStatus status;
  final OptionalLong statusIndex;
  final Instant createdAt;
  final Instant statusChangedAt;
  final Optional<String> statusReason;
  final Optional<RevokedBy> revokedBy;

  Consent(ConsentBuilder b) {
    id = Checks.notNull("id", b.id);
    version = b.version;
    supersedes = Checks.notNull("supersedes", b.supersedes);
    subject = Checks.notNull("subject", b.subject);
    consumer = Checks.notNull("consumer", b.consumer);
    items = ConsentValues.sortedItems("items", b.items);
    purpose = Checks.notNull("purpose", b.purpose);
    delivery = Checks.notNull("delivery", b.delivery);
    dataRange = Checks.notNull("dataRange", b.dataRange);
    validFrom = ConsentValues.instant("validFrom", b.validFrom);
    validUntil = ConsentValues.instant("validUntil", b.validUntil);
    retention = Checks.notNull("retention", b.retention);
    representative = Checks.notNull("representative", b.representative);
    evidence = Checks.notNull("evidence", b.evidence);
    status = Checks.notNull("status", b.status);
    statusIndex = Checks.notNull("statusIndex", b.statusIndex);
    createdAt = ConsentValues.instant("createdAt", b.createdAt);
    statusChangedAt =
        ConsentValues.instant(
            "statusChangedAt", b.statusChangedAt == null ? createdAt : b.statusChangedAt);
    statusReason = Checks.notNull("statusReason", b.statusReason);
    revokedBy = Checks.notNull("revokedBy", b.revokedBy);
    ConsentRules.check(this);
  }

  /** Returns a builder for a new consent in state {@link ConsentStatus#REQUESTED}, version 0. */
  public static ConsentBuilder builder() {
    return new ConsentBuilder();
  }

  /**
   * Returns a builder for a new REQUESTED draft (version 0) with this consent's terms: its id,
   * supersedes, subject, consumer, items, purpose, delivery, data range, validity, retention,
   * representative and createdAt. None of its lifecycle is copied: no evidence, status index,
   * reason or revokedBy, whatever this consent's state.
   */
  public ConsentBuilder newBuilder() {
    return ConsentBuilder.draftOf(this);
  }

  // ---- lifecycle: package-private; the broker reaches these through consent.internal ----

  /**
   * REQUESTED → ACTIVE: the citizen approved, authenticated as {@code evidence} says (at or before
   * {@code at}); {@code statusIndex} is the consent's slot in the broker's status list.
   */
  Consent approve(Instant at, AuthenticationEvidence evidence, long statusIndex) {
    Checks.notNull("evidence", evidence);
    return begin(Transition.APPROVE, at).evidence(evidence).statusIndex(statusIndex).build();
  }

  /** REQUESTED → REJECTED: the citizen declined, for {@code reason} (1 to 500 characters). */
  Consent reject(Instant at, String reason) {
    ConsentValues.text("statusReason", reason, 500);
    return begin(Transition.REJECT, at).statusReason(reason).build();
  }

  /**
   * REQUESTED → EXPIRED (the approval window passed), or ACTIVE → EXPIRED once {@code at} is at or
   * after {@link #validUntil()}.
   */
  Consent expire(Instant at) {
    ConsentBuilder next = begin(Transition.EXPIRE, at);
    if (status == ConsentStatus.ACTIVE && at.isBefore(validUntil)) {
      throw new ConsentStateException(
          Transition.EXPIRE.verb,
          Optional.of(id),
          status,
          ConsentStatus.EXPIRED,
          "not yet past validUntil " + validUntil + " at " + at);
    }
    return next.build();
  }

  /** ACTIVE → PAUSED: grants are refused until {@link #resume(Instant)}. */
  Consent pause(Instant at) {
    return begin(Transition.PAUSE, at).build();
  }

  /** PAUSED → ACTIVE. */
  Consent resume(Instant at) {
    return begin(Transition.RESUME, at).build();
  }

  /** ACTIVE or PAUSED → REVOKED, by {@code by}, for {@code reason} (1 to 500 characters). */
  Consent revoke(Instant at, RevokedBy by, String reason) {
    Checks.notNull("revokedBy", by);
    ConsentValues.text("statusReason", reason, 500);
    return begin(Transition.REVOKE, at).revokedBy(by).statusReason(reason).build();
  }

  /**
   * ACTIVE → SUPERSEDED: an amendment (a new consent whose {@link #supersedes()} is this id) was
   * approved and replaces this one.
   */
  Consent supersede(Instant at) {
    return begin(Transition.SUPERSEDE, at).build();
  }

  private ConsentBuilder begin(Transition t, Instant at) {
    Checks.notNull("at", at);
    t.check(this);
    if (at.isBefore(statusChangedAt)) {
      throw new IllegalArgumentException(
          "at: expected at or after statusChangedAt " + statusChangedAt + ", got " + at);
    }
    return ConsentBuilder.copyOf(this)
        .status(t.to)
        .version(Math.addExact(version, 1))
        .statusChangedAt(at)
        .statusReason(Optional.empty());
  }

  // ---- derived views ----

  /** The provider agencies of {@link #items()}, sorted. */
  public Set<AgencyId> providers() {
    return subject.pairwise().keySet();
  }

  /** The item codes at {@code provider}, sorted; empty if the consent covers nothing there. */
  public Set<ItemCode> itemsAt(AgencyId provider) {
    return items.stream()
        .filter(i -> i.provider().equals(provider))
        .map(DataItem::code)
        .collect(
            Collectors.collectingAndThen(
                Collectors.toCollection(TreeSet::new), Collections::unmodifiableSortedSet));
  }

  /**
   * Whether {@code now} lies in {@code [validFrom, validUntil)}: {@link #validUntil()} is
   * exclusive, so at {@code now == validUntil} the consent is no longer valid. Says nothing about
   * the status.
   */
  public boolean isWithinValidity(Instant now) {
    return !now.isBefore(validFrom) && now.isBefore(validUntil);
  }

  /**
   * The value of this consent in the broker's status list; see {@link ConsentStatus#tokenStatus()}.
   */
  public TokenStatus tokenStatus() {
    return status.tokenStatus();
  }

  /**
   * Whether the citizen ever approved this consent: exactly when {@link #evidence()} is present.
   */
  public boolean wasApproved() {
    return evidence.isPresent();
  }

  // ---- fields ----

  /** The consent's id. */
  public ConsentId id() {
    return id;
  }

  /** Starts at 0 and grows by one with every transition (optimistic concurrency). */
  public long version() {
    return version;
  }

  /** The consent this amendment replaces, if it is an amendment. */
  public Optional<ConsentId> supersedes() {
    return supersedes;
  }

  /** Whose consent it is, as pseudonyms. */
  public ConsentSubject subject() {
    return subject;
  }

  /** The agency that receives the data (이용기관). */
  public AgencyId consumer() {
    return consumer;
  }

  /** The items that may be fetched: non-empty, sorted, unmodifiable. */
  public Set<DataItem> items() {
    return items;
  }

  /** Why the data is wanted, and on what legal basis. */
  public Purpose purpose() {
    return purpose;
  }

  /** Once or periodically. */
  public Delivery delivery() {
    return delivery;
  }

  /** The dates of the records that may be fetched, if limited. */
  public Optional<DataRange> dataRange() {
    return dataRange;
  }

  /** The first instant at which the consent is valid (inclusive). */
  public Instant validFrom() {
    return validFrom;
  }

  /** The instant at which the consent stops being valid (exclusive). */
  public Instant validUntil() {
    return validUntil;
  }

  /** How long the consumer may keep what it fetched (보유기간). */
  public Period retention() {
    return retention;
  }

  /** Who acted for the citizen, if anyone did. */
  public Optional<Representative> representative() {
    return representative;
  }

  /**
   * How the citizen was authenticated at approval; present exactly when the consent was approved.
   */
  public Optional<AuthenticationEvidence> evidence() {
    return evidence;
  }

  /** Where the consent is in its lifecycle. */
  public ConsentStatus status() {
    return status;
  }

  /**
   * The consent's slot in the broker's status list; present exactly when the consent was approved.
   */
  public OptionalLong statusIndex() {
    return statusIndex;
  }

  /** When the consent was requested. */
  public Instant createdAt() {
    return createdAt;
  }

  /** When the status last changed ({@link #createdAt()} for a new consent). */
  public Instant statusChangedAt() {
    return statusChangedAt;
  }

  /** Why the last transition happened, when given (rejection or revocation reason). */
  public Optional<String> statusReason() {
    return statusReason;
  }

  /** Who revoked the consent; present exactly when the status is REVOKED. */
  public Optional<RevokedBy> revokedBy() {
    return revokedBy;
  }

  /** Equal when every field is equal. */
  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof Consent c && fields().equals(c.fields()));
  }

  @Override
  public int hashCode() {
    return fields().hashCode();
  }

  private List<Object> fields() {
    return Arrays.asList(
        id,
        version,
        supersedes,
        subject,
        consumer,
        items,
        purpose,
        delivery,
        dataRange,
        validFrom,
        validUntil,
        retention,
        representative,
        evidence,
        status,
        statusIndex,
        createdAt,
        statusChangedAt,
        statusReason,
        revokedBy);
  }

  /** Shows the id, status, version, consumer and providers; never a subject or a reason. */
  @Override
  public String toString() {
    return "Consent[id="
        + id
        + ", status="
        + status
        + ", version="
        + version
        + ", consumer="
        + consumer
        + ", providers="
        + providers()
        + "]";
  }
}
