package org.mydatakit.server;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.mydatakit.broker.ConsentStore;
import org.mydatakit.consent.ConsentStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code mydatakit.consents{status=...}}: how many consents the store holds in each status. One
 * {@code GROUP BY} query at most every {@link #REFRESH}, whatever the scrape rate; a store that
 * fails shows {@code NaN} until it answers again.
 */
@Component
class ConsentGauges {
  static final String CONSENTS = "mydatakit.consents";
  static final Duration REFRESH = Duration.ofSeconds(30);
  private static final Logger LOG = LoggerFactory.getLogger(ConsentGauges.class);

  private final ConsentStore store;
  private final Clock clock = Clock.systemUTC();
  private Map<ConsentStatus, Long> counts; // guarded by this
  private Instant countedAt = Instant.MIN; // guarded by this

  ConsentGauges(ConsentStore store, MeterRegistry registry) {
    this.store = store;
    for (ConsentStatus status : ConsentStatus.values()) {
      Gauge.builder(CONSENTS, this, g -> g.count(status))
          .description("consents in the store, by status (counted at most every 30 s)")
          .tag("status", status.name())
          .strongReference(true)
          .register(registry);
    }
  }

  private synchronized double count(ConsentStatus status) {
    Instant now = clock.instant();
    if (counts == null || !now.isBefore(countedAt.plus(REFRESH))) {
      countedAt = now;
      try {
        counts = store.countByStatus();
      } catch (RuntimeException e) {
        LOG.warn("consents could not be counted: {}", e.getClass().getName());
        counts = null;
        return Double.NaN;
      }
    }
    return counts == null ? Double.NaN : counts.getOrDefault(status, 0L);
  }
}
