package org.mydatakit.events;

import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.SubjectId;
import org.mydatakit.internal.Checks;

/**
 * One consent event for one receiving agency: its type, the consent, the items it affects, the
 * receiver's own pairwise subject where it has one (a provider; a consumer has none), when it
 * happened and the change it stands for ({@code txn}: the consent's id and version, the same for
 * every receiver of one change). It never carries the broker-wide subject.
 *
 * <pre>{@code
 * ConsentEvent revoked = ConsentEvent.of(ConsentEventType.CONSENT_REVOKED, consent, nhis, now);
 * String set = SecurityEventTokens.signer(brokerKeys, issuer).sign(revoked);
 * }</pre>
 *
 * <p>Immutable; {@link #toString()} shows the type and the receiver only.
 */
public final class ConsentEvent {
  private final ConsentEventType type;
  private final ConsentId consentId;
  private final SortedSet<DataItem> items;
  private final AgencyId receiver;
  private final SubjectId subject; // nullable
  private final Instant occurredAt;
  private final String txn;

  private ConsentEvent(
      ConsentEventType type,
      ConsentId consentId,
      Set<DataItem> items,
      AgencyId receiver,
      SubjectId subject,
      Instant occurredAt,
      String txn) {
    this.type = Checks.notNull("event type", type);
    this.consentId = Checks.notNull("consent id", consentId);
    Checks.notNull("items", items);
    if (items.isEmpty()) {
      throw new IllegalArgumentException("consent event items: expected at least one");
    }
    this.items = Collections.unmodifiableSortedSet(new TreeSet<>(items));
    this.receiver = Checks.notNull("receiver", receiver);
    this.subject = subject;
    this.occurredAt = Checks.notNull("occurred at", occurredAt);
    this.txn = Checks.token("txn", txn, 128);
  }

  /**
   * The event {@code type} of {@code consent} as it is now, for {@code receiver}: the consumer
   * (every item, no subject) or one of its providers (that provider's items and its pairwise
   * subject); the change is the consent's id and version.
   *
   * @throws IllegalArgumentException if {@code receiver} is neither the consumer nor a provider
   */
  public static ConsentEvent of(
      ConsentEventType type, Consent consent, AgencyId receiver, Instant occurredAt) {
    Checks.notNull("consent", consent);
    Checks.notNull("receiver", receiver);
    Set<DataItem> items;
    SubjectId subject = null;
    if (receiver.equals(consent.consumer())) {
      items = consent.items();
    } else if (consent.providers().contains(receiver)) {
      items = new TreeSet<>();
      for (DataItem item : consent.items()) {
        if (item.provider().equals(receiver)) {
          items.add(item);
        }
      }
      subject = consent.subject().at(receiver).orElse(null);
    } else {
      throw new IllegalArgumentException(
          "consent event receiver: expected the consent's consumer or one of its providers");
    }
    return new ConsentEvent(
        type,
        consent.id(),
        items,
        receiver,
        subject,
        occurredAt,
        consent.id() + "." + consent.version());
  }

  /**
   * The same event about fewer items: {@code only} must be a non-empty subset of {@link #items()}
   * (a delivery confirmed for one item, say).
   *
   * @throws IllegalArgumentException if {@code only} is empty or names an item the event lacks
   */
  public ConsentEvent withItems(Set<DataItem> only) {
    Checks.notNull("items", only);
    if (!items.containsAll(only)) {
      throw new IllegalArgumentException("consent event items: expected a subset of its items");
    }
    return new ConsentEvent(type, consentId, only, receiver, subject, occurredAt, txn);
  }

  /** An event as read back from a verified SET. */
  static ConsentEvent read(
      ConsentEventType type,
      ConsentId consentId,
      Set<DataItem> items,
      AgencyId receiver,
      SubjectId subject,
      Instant occurredAt,
      String txn) {
    return new ConsentEvent(type, consentId, items, receiver, subject, occurredAt, txn);
  }

  public ConsentEventType type() {
    return type;
  }

  public ConsentId consentId() {
    return consentId;
  }

  /** The items it affects: all of them for the consumer, the provider's own for a provider. */
  public SortedSet<DataItem> items() {
    return items;
  }

  /** The agency it is for: the SET's audience. */
  public AgencyId receiver() {
    return receiver;
  }

  /** The receiver's own pairwise subject, for a provider; empty for the consumer. */
  public Optional<SubjectId> subject() {
    return Optional.ofNullable(subject);
  }

  public Instant occurredAt() {
    return occurredAt;
  }

  /** The change it stands for: the same for every receiver of one change of the consent. */
  public String txn() {
    return txn;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConsentEvent e
        && type == e.type
        && consentId.equals(e.consentId)
        && items.equals(e.items)
        && receiver.equals(e.receiver)
        && Objects.equals(subject, e.subject)
        && occurredAt.equals(e.occurredAt)
        && txn.equals(e.txn);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, consentId, items, receiver, subject, occurredAt, txn);
  }

  @Override
  public String toString() {
    return "ConsentEvent[" + type + " for " + receiver.value() + "]";
  }
}
