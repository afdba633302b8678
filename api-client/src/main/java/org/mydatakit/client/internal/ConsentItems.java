package org.mydatakit.client.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.DataRange;

/**
 * What recently used consents cover — their items and data range — so that a fetch asks its grant
 * source (for a remote broker, an HTTP GET) once per consent rather than once per fetch. Safe to
 * keep: a consent's items and range never change for its id (an amendment is a new consent, with a
 * new id). At most {@link #MAX_CONSENTS} are kept, the least recently used dropped first; failures
 * are not kept. Thread-safe.
 */
public final class ConsentItems {
  /** How many consents' items are kept. */
  public static final int MAX_CONSENTS = 4096;

  /** What one consent covers: which provider holds each item, and the dates, if limited. */
  public record Coverage(Set<DataItem> items, Optional<DataRange> dataRange) {
    /** Copies {@code items}; both must be present. */
    public Coverage {
      items = Set.copyOf(Objects.requireNonNull(items, "grant source: expected items, got null"));
      Objects.requireNonNull(dataRange, "grant source: expected a data range or empty, got null");
    }
  }

  private final Map<ConsentId, Coverage> items =
      new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<ConsentId, Coverage> eldest) {
          return size() > MAX_CONSENTS;
        }
      };

  /**
   * What {@code consent} covers, from {@code source} the first time; exceptions of {@code source}
   * reach the caller and nothing is kept.
   */
  public Coverage get(ConsentId consent, Function<ConsentId, Coverage> source) {
    synchronized (items) {
      Coverage known = items.get(consent);
      if (known != null) {
        return known;
      }
    }
    // Asked outside the lock: a slow source must not hold up fetches of other consents. Two
    // first fetches of one consent may both ask; they get the same answer.
    Coverage fresh =
        Objects.requireNonNull(source.apply(consent), "grant source: expected items, got null");
    synchronized (items) {
      items.put(consent, fresh);
    }
    return fresh;
  }
}
