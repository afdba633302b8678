package org.mydatakit.server;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-consumer rate limits on the consumer API, {@code mydatakit.broker.rate-limit.*}: a token
 * bucket per authenticated consumer that holds {@code burst} requests and refills {@code
 * per-second} a second. A consumer past its limit gets {@code 429} with {@code Retry-After}; the
 * others are not affected. The buckets live in each server process: with several nodes behind a
 * load balancer a consumer may get up to that many times the limit.
 *
 * @param enabled default true
 * @param perSecond tokens added a second: 1 to 10,000, default 20
 * @param burst the bucket's capacity, at least {@code per-second}: up to 100,000, default 40
 */
@ConfigurationProperties("mydatakit.broker.rate-limit")
public record RateLimitProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("20") int perSecond,
    @DefaultValue("40") int burst) {

  /** Validates. */
  public RateLimitProperties {
    if (perSecond < 1 || perSecond > 10_000) {
      throw new IllegalArgumentException(
          "mydatakit.broker.rate-limit.per-second: expected 1 to 10000, got " + perSecond);
    }
    if (burst < perSecond || burst > 100_000) {
      throw new IllegalArgumentException(
          "mydatakit.broker.rate-limit.burst: expected per-second ("
              + perSecond
              + ") to 100000, got "
              + burst);
    }
  }
}
