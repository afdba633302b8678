package org.mydatakit.provider;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.mydatakit.consent.DataRange;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.grant.VerifiedGrant;

/**
 * A request the {@link ProviderGate} admitted: the verified grant, the one item to deliver, the
 * effective data range, the transaction id. The agency releases the citizen's records of {@link
 * #item()} for {@link VerifiedGrant#subject()}, filtered by {@link #range()} — {@link #filter} does
 * it — and nothing else.
 *
 * <pre>{@code
 * if (gate.admit(request) instanceof Admission admission) {
 *   List<Payment> payments = admission.filter(registry.payments(admission.grant().subject()),
 *       Payment::date);
 *   ...
 * }
 * }</pre>
 *
 * <p>The use is already recorded in the gate's ledger. Immutable; {@link #toString()} never shows
 * the subject.
 */
public final class Admission implements ProviderGate.Decision {
  private final VerifiedGrant grant;
  private final ItemCode item;
  private final DataRange range;
  private final String transactionId;
  private final String idempotencyKey;
  private final boolean retry;

  Admission(
      VerifiedGrant grant,
      ItemCode item,
      DataRange range,
      String transactionId,
      String idempotencyKey,
      boolean retry) {
    this.grant = grant;
    this.item = item;
    this.range = range;
    this.transactionId = transactionId;
    this.idempotencyKey = idempotencyKey;
    this.retry = retry;
  }

  /** The verified grant (its subject is personal data: never log it). */
  public VerifiedGrant grant() {
    return grant;
  }

  /** The one item this request may deliver. */
  public ItemCode item() {
    return item;
  }

  /**
   * The dates of the records to deliver, both inclusive: the consent's range when the request named
   * none, the requested range (inside the consent's) otherwise; empty when neither limits them.
   */
  public Optional<DataRange> range() {
    return Optional.ofNullable(range);
  }

  /** Whether a record dated {@code date} lies in the effective range. */
  public boolean covers(LocalDate date) {
    return range == null || range.contains(Objects.requireNonNull(date, "date"));
  }

  /**
   * The records of {@code records} whose date, as {@code dateOf} gives it, lies in the effective
   * range, in their order. A record without a date (null) is left out when a range applies.
   */
  public <T> List<T> filter(Collection<T> records, Function<? super T, LocalDate> dateOf) {
    List<T> kept = new ArrayList<>();
    for (T record : records) {
      LocalDate date = dateOf.apply(record);
      if (range == null || (date != null && range.contains(date))) {
        kept.add(record);
      }
    }
    return kept;
  }

  /** The request's {@code X-Api-Tran-Id}, to echo and to log. */
  public String transactionId() {
    return transactionId;
  }

  /** The request's {@code Idempotency-Key}, if it sent one. */
  public Optional<String> idempotencyKey() {
    return Optional.ofNullable(idempotencyKey);
  }

  /**
   * True when this is a retry of a fetch already admitted (same grant, item and {@code
   * Idempotency-Key}): answer it as before; nothing more was consumed.
   */
  public boolean retry() {
    return retry;
  }

  /** The answer when the agency holds no record of this item for the citizen: 404 NO_RECORD. */
  public Refusal noRecord() {
    return Refusal.of(Refusal.Reason.NO_RECORD, transactionId);
  }

  @Override
  public String toString() {
    return "Admission[item="
        + item
        + ", consent="
        + grant.consentId()
        + ", range="
        + (range == null ? "all" : range.from() + ".." + range.to())
        + (retry ? ", retry" : "")
        + "]";
  }
}
