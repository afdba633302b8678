package org.mydatakit.client.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.grant.Grant;

/**
 * Grants per (consent, provider), reused until {@code expiresAt} minus a margin. One caller at a
 * time asks the source for a given key: a one-time consent allows only one grant per provider, so
 * concurrent fetches of two items at the same provider must share it.
 */
public final class GrantCache {
  /** A grant is not used in its last 30 seconds: a request must still be valid on arrival. */
  public static final Duration MARGIN = Duration.ofSeconds(30);

  private record Key(ConsentId consent, AgencyId provider) {}

  private static final class Slot {
    Grant grant;
  }

  private final ConcurrentHashMap<Key, Slot> slots = new ConcurrentHashMap<>();
  private final Clock clock;

  public GrantCache(Clock clock) {
    this.clock = clock;
  }

  /** The cached grant if still usable, else a new one from {@code source}. */
  public Grant get(ConsentId consent, AgencyId provider, Supplier<Grant> source) {
    Slot slot = slots.computeIfAbsent(new Key(consent, provider), k -> new Slot());
    synchronized (slot) {
      if (slot.grant == null || !slot.grant.isUsableAt(clock.instant(), MARGIN)) {
        slot.grant = null;
        Grant fresh = source.get();
        if (fresh == null) {
          throw new IllegalStateException("grant source: expected a grant, got null");
        }
        slot.grant = fresh;
      }
      return slot.grant;
    }
  }

  /** Forgets {@code grant} (the provider rejected it), unless a newer one replaced it already. */
  public void evict(ConsentId consent, AgencyId provider, Grant grant) {
    Slot slot = slots.get(new Key(consent, provider));
    if (slot != null) {
      synchronized (slot) {
        if (slot.grant == grant) {
          slot.grant = null;
        }
      }
    }
  }
}
