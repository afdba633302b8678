package org.mydatakit.events;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link SeenEvents} in one map kept in insertion order: expired ids are dropped from the oldest
 * end on each claim, and at capacity the oldest is dropped to make room.
 */
final class InMemorySeenEvents implements SeenEvents {
  private record Seen(String digest, Instant forgetAfter) {}

  private final int capacity;
  private final LinkedHashMap<String, Seen> seen = new LinkedHashMap<>(); // guarded by this

  InMemorySeenEvents(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("seen events capacity: expected >= 1, got " + capacity);
    }
    this.capacity = capacity;
  }

  @Override
  public synchronized Claim claim(String jti, String digest, Instant now, Instant forgetAfter) {
    sweep(now);
    Seen held = seen.get(jti);
    if (held != null && held.forgetAfter().isAfter(now)) {
      return held.digest().equals(digest) ? Claim.REPEATED : Claim.CONFLICT;
    }
    seen.remove(jti);
    if (seen.size() >= capacity) {
      Iterator<String> oldest = seen.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
    seen.put(jti, new Seen(digest, forgetAfter));
    return Claim.FIRST;
  }

  @Override
  public synchronized void release(String jti, String digest) {
    Seen held = seen.get(jti);
    if (held != null && held.digest().equals(digest)) {
      seen.remove(jti);
    }
  }

  /** Drops expired ids from the oldest end, stopping at the first live one (a bounded cost). */
  private void sweep(Instant now) {
    Iterator<Map.Entry<String, Seen>> it = seen.entrySet().iterator();
    for (int i = 0; i < 16 && it.hasNext(); i++) {
      if (it.next().getValue().forgetAfter().isAfter(now)) {
        return;
      }
      it.remove();
    }
  }

  @Override
  public synchronized String toString() {
    return "SeenEvents.inMemory[" + seen.size() + " of " + capacity + "]";
  }
}
