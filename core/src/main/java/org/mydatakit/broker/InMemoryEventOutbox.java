package org.mydatakit.broker;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.internal.Checks;

/**
 * The {@link InMemoryConsentStore}'s outbox. Every method holds the store's lock, so writes made by
 * a store operation and the outbox's own changes are atomic together.
 */
final class InMemoryEventOutbox implements EventOutbox {
  private final Object lock;
  private final TreeMap<Long, Row> rows = new TreeMap<>();
  private final Map<String, Long> byJti = new HashMap<>();
  private long nextSeq = 1;

  InMemoryEventOutbox(Object lock) {
    this.lock = lock;
  }

  /** A mutable row, only ever touched under the lock. */
  private static final class Row {
    final long seq;
    final OutboxEvent event;
    State state = State.PENDING;
    int attempts;
    Instant nextAttemptAt;
    Instant leaseUntil;
    String lastError;
    Instant doneAt;

    Row(long seq, OutboxEvent event) {
      this.seq = seq;
      this.event = event;
      this.nextAttemptAt = event.notBefore();
    }

    Entry entry() {
      return new Entry(
          seq,
          event,
          state,
          attempts,
          nextAttemptAt,
          Optional.ofNullable(lastError),
          Optional.ofNullable(doneAt));
    }
  }

  /** Checks that none of {@code events} is here already: called before a store writes anything. */
  void checkNew(Collection<OutboxEvent> events) {
    Set<String> seen = new HashSet<>();
    for (OutboxEvent e : events) {
      if (byJti.containsKey(e.jti()) || !seen.add(e.jti())) {
        throw new IllegalArgumentException("outbox: event jti already written");
      }
    }
  }

  /** Writes events already checked by {@link #checkNew}. */
  void write(Collection<OutboxEvent> events) {
    for (OutboxEvent e : events) {
      long seq = nextSeq++;
      rows.put(seq, new Row(seq, e));
      byJti.put(e.jti(), seq);
    }
  }

  /** Every event, oldest first: for the overdue-erasure query. */
  List<OutboxEvent> all() {
    return rows.values().stream().map(r -> r.event).toList();
  }

  /** The due PENDING rows of {@code receiver} that head their consent's queue, oldest first. */
  private List<Row> heads(AgencyId receiver, Instant now) {
    List<Row> heads = new ArrayList<>();
    Set<ConsentId> blocked = new HashSet<>();
    for (Row r : rows.values()) {
      if (!r.event.receiver().equals(receiver)
          || r.state != State.PENDING
          || r.event.notBefore().isAfter(now)) {
        continue;
      }
      if (blocked.add(r.event.consentId())) {
        heads.add(r);
      }
    }
    return heads;
  }

  private static boolean claimable(Row r, Instant now) {
    return !r.nextAttemptAt.isAfter(now) && (r.leaseUntil == null || !r.leaseUntil.isAfter(now));
  }

  @Override
  public List<Entry> claim(AgencyId receiver, Instant now, Duration lease, int limit) {
    Checks.notNull("receiver", receiver);
    Checks.notNull("now", now);
    Checks.notNull("lease", lease);
    synchronized (lock) {
      List<Entry> claimed = new ArrayList<>();
      for (Row r : heads(receiver, now)) {
        if (claimed.size() >= limit) {
          break;
        }
        if (claimable(r, now)) {
          r.leaseUntil = now.plus(lease);
          r.attempts++;
          claimed.add(r.entry());
        }
      }
      return claimed;
    }
  }

  @Override
  public List<AgencyId> receiversDue(Instant now) {
    synchronized (lock) {
      Set<AgencyId> receivers = new LinkedHashSet<>();
      for (Row r : rows.values()) {
        if (r.state == State.PENDING) {
          receivers.add(r.event.receiver());
        }
      }
      Set<AgencyId> due = new LinkedHashSet<>();
      for (AgencyId receiver : receivers) {
        if (heads(receiver, now).stream().anyMatch(r -> claimable(r, now))) {
          due.add(receiver);
        }
      }
      return List.copyOf(due);
    }
  }

  private Row pendingRow(long seq) {
    Row r = rows.get(seq);
    return r != null && r.state == State.PENDING ? r : null;
  }

  @Override
  public void delivered(long seq, Instant at) {
    synchronized (lock) {
      finish(pendingRow(seq), State.DELIVERED, null, at);
    }
  }

  @Override
  public void rejected(long seq, String error, Instant at) {
    synchronized (lock) {
      finish(pendingRow(seq), State.REJECTED, error, at);
    }
  }

  @Override
  public void deadLetter(long seq, String error, Instant at) {
    synchronized (lock) {
      finish(pendingRow(seq), State.DEAD, error, at);
    }
  }

  private static void finish(Row r, State state, String error, Instant at) {
    if (r == null) {
      return;
    }
    r.state = state;
    r.leaseUntil = null;
    r.doneAt = Checks.notNull("at", at);
    if (error != null) {
      r.lastError = Checks.notNull("error", error);
    }
  }

  @Override
  public void retryAt(long seq, Instant nextAttempt, String error) {
    Checks.notNull("next attempt", nextAttempt);
    synchronized (lock) {
      Row r = pendingRow(seq);
      if (r != null) {
        r.leaseUntil = null;
        r.nextAttemptAt = nextAttempt;
        r.lastError = Checks.notNull("error", error);
      }
    }
  }

  @Override
  public List<Entry> deadLetters(int limit) {
    synchronized (lock) {
      return rows.values().stream()
          .filter(r -> r.state == State.DEAD)
          .limit(limit)
          .map(Row::entry)
          .toList();
    }
  }

  @Override
  public boolean replay(String jti, Instant now) {
    Checks.notNull("jti", jti);
    Checks.notNull("now", now);
    synchronized (lock) {
      Long seq = byJti.get(jti);
      Row r = seq == null ? null : rows.get(seq);
      if (r == null || (r.state != State.DEAD && r.state != State.REJECTED)) {
        return false;
      }
      r.state = State.PENDING;
      r.attempts = 0;
      r.nextAttemptAt = now;
      r.leaseUntil = null;
      r.doneAt = null;
      return true;
    }
  }

  @Override
  public List<Entry> pending(AgencyId receiver, Instant now, int limit) {
    Checks.notNull("receiver", receiver);
    synchronized (lock) {
      return heads(receiver, now).stream().limit(limit).map(Row::entry).toList();
    }
  }

  @Override
  public int acknowledge(AgencyId receiver, Collection<String> jtis, Instant at) {
    Checks.notNull("receiver", receiver);
    synchronized (lock) {
      int changed = 0;
      for (String jti : Set.copyOf(jtis)) {
        Row r = ownPending(receiver, jti);
        if (r != null) {
          finish(r, State.DELIVERED, null, at);
          changed++;
        }
      }
      return changed;
    }
  }

  @Override
  public boolean reject(AgencyId receiver, String jti, String error, Instant at) {
    synchronized (lock) {
      Row r = ownPending(receiver, jti);
      finish(r, State.REJECTED, error, at);
      return r != null;
    }
  }

  private Row ownPending(AgencyId receiver, String jti) {
    Long seq = byJti.get(jti);
    Row r = seq == null ? null : pendingRow(seq);
    return r != null && r.event.receiver().equals(receiver) ? r : null;
  }

  @Override
  public Optional<Entry> find(String jti) {
    synchronized (lock) {
      Long seq = byJti.get(jti);
      return seq == null ? Optional.empty() : Optional.of(rows.get(seq).entry());
    }
  }

  @Override
  public Map<State, Long> countByState() {
    synchronized (lock) {
      Map<State, Long> counts = new EnumMap<>(State.class);
      for (State s : State.values()) {
        counts.put(s, 0L);
      }
      for (Row r : rows.values()) {
        counts.merge(r.state, 1L, Long::sum);
      }
      return counts;
    }
  }

  @Override
  public String toString() {
    return "InMemoryEventOutbox";
  }
}
