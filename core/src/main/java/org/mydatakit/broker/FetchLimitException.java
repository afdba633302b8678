package org.mydatakit.broker;

import java.time.Instant;
import java.util.Optional;
import org.mydatakit.MyDataException;
import org.mydatakit.consent.ConsentId;

/**
 * The consent allows no grant right now: its fetch budget for the period is used up, the consent is
 * one-time and this provider was already served, or the time is outside the allowed window. The
 * consent itself is fine; {@link #nextAllowedAt()} says when to try again, if ever.
 *
 * <pre>{@code
 * try {
 *   broker.issueGrant(id, provider, jkt);
 * } catch (FetchLimitException e) {
 *   scheduleRetry(e.nextAllowedAt().orElseThrow());
 * }
 * }</pre>
 */
public final class FetchLimitException extends MyDataException {
  private static final long serialVersionUID = 1L;

  /** Which limit was reached. */
  public enum Limit {
    /** The periodic consent's budget for the current period is used up. */
    BUDGET_EXHAUSTED,
    /** The one-time consent already produced its grant for this provider. */
    ONE_TIME_USED,
    /** The consent allows fetches only within a daily time window, and now is outside it. */
    OUTSIDE_TIME_WINDOW
  }

  private final transient ConsentId consentId;
  private final Limit limit;
  private final transient Instant nextAllowedAt;

  /** Creates the exception; {@code nextAllowedAt} is null when no later time will help. */
  public FetchLimitException(ConsentId consentId, Limit limit, Instant nextAllowedAt) {
    super(
        "cannot issue a grant for consent "
            + consentId
            + ": "
            + limit.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
            + (nextAllowedAt == null ? "" : "; next allowed at " + nextAllowedAt));
    this.consentId = consentId;
    this.limit = limit;
    this.nextAllowedAt = nextAllowedAt;
  }

  public ConsentId consentId() {
    return consentId;
  }

  public Limit limit() {
    return limit;
  }

  /** When the next grant can be issued (the next period or window), if any time will do. */
  public Optional<Instant> nextAllowedAt() {
    return Optional.ofNullable(nextAllowedAt);
  }
}
