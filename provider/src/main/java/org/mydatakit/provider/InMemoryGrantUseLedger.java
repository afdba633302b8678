package org.mydatakit.provider;

import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.mydatakit.consent.ItemCode;

/**
 * A bounded, thread-safe {@link GrantUseLedger} for one node. Expired uses are swept at most once a
 * second, never on every claim; when it is full of live uses it fails closed.
 */
final class InMemoryGrantUseLedger implements GrantUseLedger {
  private static final String NO_KEY = "";

  private record Key(String grantId, ItemCode item) {}

  private record Entry(String idempotencyKey, long forgetAfter) {}

  private final ConcurrentHashMap<Key, Entry> uses = new ConcurrentHashMap<>();
  private final AtomicLong lastSweep = new AtomicLong(Long.MIN_VALUE);
  private final int capacity;

  InMemoryGrantUseLedger(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("ledger capacity: expected >= 1, got " + capacity);
    }
    this.capacity = capacity;
  }

  @Override
  public Use claim(
      String grantId, ItemCode item, String idempotencyKey, Instant now, Instant forgetAfter) {
    Key key = new Key(Objects.requireNonNull(grantId, "grant id"), Objects.requireNonNull(item));
    long nowSeconds = now.getEpochSecond();
    Entry mine =
        new Entry(idempotencyKey == null ? NO_KEY : idempotencyKey, forgetAfter.getEpochSecond());
    sweep(nowSeconds, false);
    if (uses.size() >= capacity) {
      sweep(nowSeconds, true);
      if (uses.size() >= capacity) {
        throw new LedgerUnavailableException(
            "in-memory grant use ledger: full with " + capacity + " live uses", null);
      }
    }
    Entry[] found = new Entry[1];
    uses.compute(
        key,
        (k, previous) -> {
          if (previous == null || previous.forgetAfter() <= nowSeconds) {
            return mine;
          }
          found[0] = previous;
          return previous;
        });
    Entry previous = found[0];
    if (previous == null) {
      return Use.FIRST;
    }
    boolean sameKey =
        idempotencyKey != null
            && !previous.idempotencyKey().equals(NO_KEY)
            && previous.idempotencyKey().equals(idempotencyKey);
    return sameKey ? Use.RETRY : Use.USED;
  }

  /** Drops expired uses, at most once a second unless {@code force}. */
  private void sweep(long nowSeconds, boolean force) {
    long last = lastSweep.get();
    if (!force && (last >= nowSeconds || !lastSweep.compareAndSet(last, nowSeconds))) {
      return;
    }
    uses.values().removeIf(e -> e.forgetAfter() <= nowSeconds);
  }

  /** Live and not yet swept uses; for tests. */
  int size() {
    return uses.size();
  }

  @Override
  public String toString() {
    return "InMemoryGrantUseLedger[capacity=" + capacity + "]";
  }
}
