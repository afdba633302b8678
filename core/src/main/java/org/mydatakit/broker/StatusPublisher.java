package org.mydatakit.broker;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import org.mydatakit.status.StatusList;
import org.mydatakit.status.StatusListIssuer;

/**
 * Builds the broker's status list from the store and signs it — once per change, not once per
 * request: the signed list is kept and handed out again until a consent's status changes through
 * this broker or half the list's ttl has passed (so a change made by another broker node is
 * published within ttl/2). One rebuild at a time; readers never wait for one unless there is no
 * list yet.
 */
final class StatusPublisher {
  private final ConsentStore store;
  private final StatusListIssuer issuer;
  private final URI uri;
  private final Clock clock;
  private final Duration refresh;
  private final AtomicLong changes = new AtomicLong();
  private volatile PublishedStatusList current;
  private volatile long currentChanges = -1;

  StatusPublisher(ConsentStore store, StatusListIssuer issuer, URI uri, Clock clock, Duration ttl) {
    this.store = store;
    this.issuer = issuer;
    this.uri = uri;
    this.clock = clock;
    this.refresh = ttl.dividedBy(2);
  }

  /** A status changed through this broker: the next publication rebuilds the list. */
  void changed() {
    changes.incrementAndGet();
  }

  /** The current list, signed; rebuilt if stale. */
  PublishedStatusList published() {
    PublishedStatusList list = current;
    if (list != null && fresh(list)) {
      return list;
    }
    synchronized (this) {
      list = current;
      if (list != null && fresh(list)) {
        return list; // another thread rebuilt it meanwhile
      }
      long seen = changes.get();
      Instant builtAt = clock.instant();
      String token = build();
      list = new PublishedStatusList(token, etag(token), builtAt, builtAt.plus(refresh));
      currentChanges = seen;
      current = list;
      return list;
    }
  }

  private boolean fresh(PublishedStatusList list) {
    return currentChanges == changes.get() && clock.instant().isBefore(list.refreshAt());
  }

  /**
   * The list as the store holds it now: one slot per index ever handed out that a consent holds.
   */
  private String build() {
    long[] max = {-1};
    store.forEachStatus((index, status) -> max[0] = Math.max(max[0], index));
    if (max[0] >= StatusList.MAX_SIZE) {
      throw new IllegalStateException("status list: more than " + StatusList.MAX_SIZE + " slots");
    }
    StatusList.Builder list = StatusList.builder((int) Math.max(1, max[0] + 1));
    // A slot allocated after the first pass is outside this list; providers treat it as unknown
    // (fail closed) until the next publication.
    store.forEachStatus(
        (index, status) -> {
          if (index <= max[0]) {
            list.set(index, status.tokenStatus());
          }
        });
    return issuer.sign(uri, list.build());
  }

  /** A strong entity tag of the token: 16 bytes of its SHA-256, base64url, quoted. */
  private static String etag(String token) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
      return "\""
          + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16))
          + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
