package org.mydatakit.broker;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mydatakit.consent.AgencyId;

/**
 * The broker's outbox of consent events ({@link ConsentStore#events()}): rows written in the same
 * transaction as the consent change they report, then delivered by push (a dispatcher claims them)
 * or by poll (the receiving agency asks for them). Every store keeps it; the contract suite proves
 * it on each.
 *
 * <p>Guarantees every implementation gives:
 *
 * <ul>
 *   <li><b>Order per consent.</b> For one receiver, an event is handed out ({@link #claim}, {@link
 *       #pending}) only when no earlier due event of the same consent for that receiver is still
 *       {@link State#PENDING}: the receiver sees a consent's events in the order they were written.
 *       An event whose {@code notBefore} is still ahead neither goes out nor holds back later ones.
 *   <li><b>Claims are leases.</b> {@link #claim} hands an event to one dispatcher until its lease
 *       ends; a dispatcher that dies mid-delivery loses nothing: once the lease ends the event is
 *       claimed again. Several dispatchers (nodes) never hold the same event at once.
 *   <li><b>Final states stay final.</b> DELIVERED, REJECTED and DEAD rows change only by {@link
 *       #replay} (which puts a DEAD or REJECTED row back to PENDING).
 * </ul>
 *
 * <pre>{@code
 * EventOutbox outbox = store.events();
 * for (EventOutbox.Entry e : outbox.claim(nhis, now, Duration.ofMinutes(1), 10)) {
 *   // POST e.event().token() to NHIS's event endpoint, then:
 *   outbox.delivered(e.seq(), clock.instant());
 * }
 * }</pre>
 */
public interface EventOutbox {

  /** Where an event is in its delivery. */
  enum State {
    /** Not yet acknowledged: due, leased to a dispatcher, waiting for a retry, or not yet due. */
    PENDING,
    /** The receiver acknowledged it (RFC 8935 {@code 202}, or an RFC 8936 {@code ack}). */
    DELIVERED,
    /** The receiver refused it ({@code 400} with an {@code err} code, or an RFC 8936 error). */
    REJECTED,
    /** It could not be delivered within the maximum age: kept for an operator to replay. */
    DEAD
  }

  /**
   * One row of the outbox.
   *
   * @param seq the row's number: later rows have larger numbers
   * @param event the event
   * @param state where it is
   * @param attempts delivery attempts made so far
   * @param nextAttemptAt when it may be tried (again)
   * @param lastError the last failure, short and free of the token (an {@code err} code, an HTTP
   *     status, an exception's class); empty if none
   * @param doneAt when it reached a final state; empty while PENDING
   */
  record Entry(
      long seq,
      OutboxEvent event,
      State state,
      int attempts,
      Instant nextAttemptAt,
      Optional<String> lastError,
      Optional<Instant> doneAt) {

    /** Shows the sequence, the event (without its token) and the state. */
    @Override
    public String toString() {
      return "EventOutbox.Entry[" + seq + ", " + event + ", " + state + "]";
    }
  }

  /**
   * Leases up to {@code limit} events for {@code receiver} that are due at {@code now} (PENDING,
   * {@code notBefore} and next attempt reached, no lease running, no earlier due PENDING event of
   * the same consent), oldest first, until {@code now + lease}. Each claim counts one attempt.
   */
  List<Entry> claim(AgencyId receiver, Instant now, Duration lease, int limit);

  /** The receivers with events due at {@code now} and not leased: who a dispatcher should call. */
  List<AgencyId> receiversDue(Instant now);

  /** The receiver acknowledged event {@code seq}: DELIVERED. No effect unless PENDING. */
  void delivered(long seq, Instant at);

  /**
   * The receiver refused event {@code seq} with {@code error} (an RFC 8935 {@code err} code and
   * description, without the token): REJECTED. No effect unless PENDING.
   */
  void rejected(long seq, String error, Instant at);

  /**
   * Delivery failed for now: the lease ends and event {@code seq} is tried again at {@code
   * nextAttempt}. No effect unless PENDING.
   */
  void retryAt(long seq, Instant nextAttempt, String error);

  /** Event {@code seq} is too old to retry: DEAD, kept for {@link #replay}. */
  void deadLetter(long seq, String error, Instant at);

  /** Up to {@code limit} DEAD events, oldest first. */
  List<Entry> deadLetters(int limit);

  /**
   * Puts the DEAD or REJECTED event {@code jti} back to PENDING, due at {@code now}, with its
   * attempts reset: it is sent again with the same {@code jti} (receivers ignore a duplicate). A
   * replayed event older than the dispatcher's maximum age gets one more attempt, and goes back to
   * DEAD if that fails.
   *
   * @return whether there was such an event to replay
   */
  boolean replay(String jti, Instant now);

  /**
   * For RFC 8936 poll delivery: up to {@code limit} events due for {@code receiver} at {@code now},
   * oldest first, at most one per consent (the earliest PENDING one), leases ignored. Reading them
   * changes nothing; the receiver acknowledges with {@link #acknowledge}.
   */
  List<Entry> pending(AgencyId receiver, Instant now, int limit);

  /**
   * The receiver acknowledged (RFC 8936 {@code ack}) the events {@code jtis}: those that are its
   * own and PENDING become DELIVERED; others are ignored.
   *
   * @return how many changed
   */
  int acknowledge(AgencyId receiver, Collection<String> jtis, Instant at);

  /**
   * The receiver refused (RFC 8936 {@code setErrs}) its PENDING event {@code jti} with {@code
   * error}: REJECTED.
   *
   * @return whether it changed
   */
  boolean reject(AgencyId receiver, String jti, String error, Instant at);

  /** The event {@code jti}, if the outbox has it. */
  Optional<Entry> find(String jti);

  /** How many rows are in each state, every state present (0 where none), for metrics. */
  Map<State, Long> countByState();
}
