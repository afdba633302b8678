package org.mydatakit.store.jdbc.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mydatakit.broker.EventOutbox;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.internal.Checks;

/**
 * The JDBC store's outbox. A claim is one short transaction that locks the due rows ({@code FOR
 * UPDATE SKIP LOCKED} on PostgreSQL, so several dispatchers share the work without waiting on each
 * other) and writes their lease; delivery happens outside any transaction.
 */
public final class JdbcEventOutbox implements EventOutbox {
  private final Transactions tx;
  private final EventRows rows;

  public JdbcEventOutbox(Transactions tx, EventRows rows) {
    this.tx = tx;
    this.rows = rows;
  }

  @Override
  public List<Entry> claim(AgencyId receiver, Instant now, Duration lease, int limit) {
    Checks.notNull("receiver", receiver);
    Checks.notNull("now", now);
    Checks.notNull("lease", lease);
    long until = now.plus(lease).toEpochMilli();
    return tx.run("claim events", c -> rows.claim(c, receiver, now, until, limit));
  }

  @Override
  public List<AgencyId> receiversDue(Instant now) {
    Checks.notNull("now", now);
    return tx.read("receivers due", c -> rows.receiversDue(c, now));
  }

  @Override
  public void delivered(long seq, Instant at) {
    Checks.notNull("at", at);
    tx.run("event delivered", c -> rows.finish(c, seq, State.DELIVERED, null, at));
  }

  @Override
  public void rejected(long seq, String error, Instant at) {
    Checks.notNull("error", error);
    Checks.notNull("at", at);
    tx.run("event rejected", c -> rows.finish(c, seq, State.REJECTED, error, at));
  }

  @Override
  public void retryAt(long seq, Instant nextAttempt, String error) {
    Checks.notNull("next attempt", nextAttempt);
    Checks.notNull("error", error);
    tx.run(
        "event retry",
        c -> {
          rows.retryAt(c, seq, nextAttempt, error);
          return null;
        });
  }

  @Override
  public void deadLetter(long seq, String error, Instant at) {
    Checks.notNull("error", error);
    Checks.notNull("at", at);
    tx.run("event dead letter", c -> rows.finish(c, seq, State.DEAD, error, at));
  }

  @Override
  public List<Entry> deadLetters(int limit) {
    return tx.read("dead letters", c -> rows.deadLetters(c, limit));
  }

  @Override
  public boolean replay(String jti, Instant now) {
    Checks.notNull("jti", jti);
    Checks.notNull("now", now);
    return tx.run("replay event", c -> rows.replay(c, jti, now));
  }

  @Override
  public List<Entry> pending(AgencyId receiver, Instant now, int limit) {
    Checks.notNull("receiver", receiver);
    Checks.notNull("now", now);
    return tx.read("pending events", c -> rows.pending(c, receiver, now, limit));
  }

  @Override
  public int acknowledge(AgencyId receiver, Collection<String> jtis, Instant at) {
    Checks.notNull("receiver", receiver);
    Checks.notNull("at", at);
    return tx.run(
        "acknowledge events",
        c -> {
          int changed = 0;
          for (String jti : new LinkedHashSet<>(jtis)) {
            changed += rows.finishOwn(c, receiver, jti, State.DELIVERED, null, at);
          }
          return changed;
        });
  }

  @Override
  public boolean reject(AgencyId receiver, String jti, String error, Instant at) {
    Checks.notNull("receiver", receiver);
    Checks.notNull("jti", jti);
    Checks.notNull("error", error);
    return tx.run("reject event", c -> rows.finishOwn(c, receiver, jti, State.REJECTED, error, at))
        == 1;
  }

  @Override
  public Optional<Entry> find(String jti) {
    Checks.notNull("jti", jti);
    return tx.read("find event", c -> rows.find(c, jti));
  }

  @Override
  public Map<State, Long> countByState() {
    return tx.read(
        "count events",
        c -> {
          Map<State, Long> counts = new EnumMap<>(State.class);
          for (State s : State.values()) {
            counts.put(s, 0L);
          }
          for (Object[] row : rows.countByState(c)) {
            counts.put((State) row[0], (Long) row[1]);
          }
          return counts;
        });
  }

  @Override
  public String toString() {
    return "JdbcEventOutbox";
  }
}
