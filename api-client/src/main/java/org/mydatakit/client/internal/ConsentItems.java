package org.mydatakit.client.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.DataItem;

/**
 * The items of recently used consents, so that a fetch asks its grant source (for a remote broker,
 * an HTTP GET) once per consent rather than once per fetch. Safe to keep: a consent's items never
 * change for its id (an amendment is a new consent, with a new id). At most {@link #MAX_CONSENTS}
 * are kept, the least recently used dropped first; failures are not kept. Thread-safe.
 */
public final class ConsentItems {
  /** How many consents' items are kept. */
  public static final int MAX_CONSENTS = 4096;

  private final Map<ConsentId, Set<DataItem>> items =
      new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<ConsentId, Set<DataItem>> eldest) {
          return size() > MAX_CONSENTS;
        }
      };

  /**
   * The items of {@code consent}, from {@code source} the first time; exceptions of {@code source}
   * reach the caller and nothing is kept.
   */
  public Set<DataItem> get(ConsentId consent, Function<ConsentId, Set<DataItem>> source) {
    synchronized (items) {
      Set<DataItem> known = items.get(consent);
      if (known != null) {
        return known;
      }
    }
    // Asked outside the lock: a slow source must not hold up fetches of other consents. Two
    // first fetches of one consent may both ask; they get the same answer.
    Set<DataItem> fresh =
        Set.copyOf(
            Objects.requireNonNull(
                source.apply(consent), "grant source: expected items, got null"));
    synchronized (items) {
      items.put(consent, fresh);
    }
    return fresh;
  }
}
