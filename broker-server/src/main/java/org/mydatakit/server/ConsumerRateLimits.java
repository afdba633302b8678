package org.mydatakit.server;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.mydatakit.consent.AgencyId;
import org.springframework.stereotype.Component;

/**
 * A Bucket4j token bucket per authenticated consumer ({@link RateLimitProperties}). Only consumers
 * that authenticated get a bucket, so the map is bounded by the agency registry.
 */
@Component
class ConsumerRateLimits {
  private final RateLimitProperties properties;
  private final BrokerMetrics metrics;
  private final ConcurrentMap<AgencyId, Bucket> buckets = new ConcurrentHashMap<>();

  ConsumerRateLimits(RateLimitProperties properties, BrokerMetrics metrics) {
    this.properties = properties;
    this.metrics = metrics;
  }

  /** Takes one request from {@code consumer}'s bucket; a 429 problem if it is empty. */
  void take(AgencyId consumer) {
    if (!properties.enabled()) {
      return;
    }
    ConsumptionProbe probe =
        buckets.computeIfAbsent(consumer, this::bucket).tryConsumeAndReturnRemaining(1);
    if (!probe.isConsumed()) {
      metrics.rateLimited();
      long seconds = Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1);
      throw Problem.rateLimited(seconds);
    }
  }

  private Bucket bucket(AgencyId consumer) {
    return Bucket.builder()
        .addLimit(
            Bandwidth.builder()
                .capacity(properties.burst())
                .refillGreedy(properties.perSecond(), Duration.ofSeconds(1))
                .build())
        .build();
  }
}
