package org.mydatakit.server;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Consent events, {@code mydatakit.broker.events.*}: the dispatcher that pushes them to each
 * agency's registered event endpoint (RFC 8935), and the grace consumers have to attest erasure.
 * Agencies registered without an event endpoint poll {@code POST /events/poll} (RFC 8936).
 *
 * @param dispatch whether this node runs a dispatcher (default true; every node may, they share the
 *     work through the store)
 * @param maxAge how long an event is retried before it is dead-lettered (default 24 h)
 * @param lease how long a node holds an event it is sending (default 1 min; above the timeout)
 * @param timeout one delivery's timeout (default 10 s)
 * @param concurrencyPerEndpoint deliveries in flight per agency (default 4)
 * @param pollInterval how often the dispatcher looks for due events (default 200 ms)
 * @param firstRetry the first retry's delay (default 1 s), doubling with jitter up to {@code
 *     maxRetry} (default 10 min)
 * @param maxRetry the longest delay between retries
 * @param erasureGrace how long after revocation or the end of retention a consumer has to attest
 *     erasure before it is overdue (default 30 days)
 */
@ConfigurationProperties("mydatakit.broker.events")
public record EventsProperties(
    @DefaultValue("true") boolean dispatch,
    @DefaultValue("24h") Duration maxAge,
    @DefaultValue("1m") Duration lease,
    @DefaultValue("10s") Duration timeout,
    @DefaultValue("4") int concurrencyPerEndpoint,
    @DefaultValue("200ms") Duration pollInterval,
    @DefaultValue("1s") Duration firstRetry,
    @DefaultValue("10m") Duration maxRetry,
    @DefaultValue("30d") Duration erasureGrace) {

  /** Validates, naming the property. */
  public EventsProperties {
    positive("max-age", maxAge);
    positive("lease", lease);
    positive("timeout", timeout);
    positive("poll-interval", pollInterval);
    positive("first-retry", firstRetry);
    positive("max-retry", maxRetry);
    if (erasureGrace == null || erasureGrace.isNegative()) {
      throw new IllegalArgumentException(
          "mydatakit.broker.events.erasure-grace: expected zero or a positive duration");
    }
    if (lease.compareTo(timeout) <= 0) {
      throw new IllegalArgumentException(
          "mydatakit.broker.events.lease: expected longer than mydatakit.broker.events.timeout");
    }
    if (concurrencyPerEndpoint < 1 || concurrencyPerEndpoint > 64) {
      throw new IllegalArgumentException(
          "mydatakit.broker.events.concurrency-per-endpoint: expected 1 to 64");
    }
    if (firstRetry.compareTo(maxRetry) > 0) {
      throw new IllegalArgumentException(
          "mydatakit.broker.events.first-retry: expected at most mydatakit.broker.events.max-retry");
    }
  }

  private static void positive(String name, Duration value) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(
          "mydatakit.broker.events." + name + ": expected a positive duration");
    }
  }
}
