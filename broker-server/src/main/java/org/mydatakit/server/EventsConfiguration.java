package org.mydatakit.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.mydatakit.broker.AgencyRegistry;
import org.mydatakit.broker.ConsentStore;
import org.mydatakit.broker.EventOutbox;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.dispatch.EventDispatcher;
import org.mydatakit.dispatch.EventEndpoints;
import org.mydatakit.dispatch.EventPoll;
import org.mydatakit.store.jdbc.JdbcCitizenInbox;
import org.mydatakit.store.jdbc.JdbcConsentStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Consent events on the server: the dispatcher (started with the server, stopped before the store),
 * the RFC 8936 poll, the citizen's inbox, and their meters — {@code
 * mydatakit.events.dispatched{outcome}}, {@code mydatakit.events.delivery_latency}, {@code
 * mydatakit.events.outbox{state}} and {@code mydatakit.erasures.overdue} (the last two counted at
 * most every 30 s).
 */
@Configuration(proxyBeanMethods = false)
class EventsConfiguration {
  static final String DISPATCHED = "mydatakit.events.dispatched";
  static final String LATENCY = "mydatakit.events.delivery_latency";
  static final String OUTBOX = "mydatakit.events.outbox";
  static final String OVERDUE = "mydatakit.erasures.overdue";
  private static final Logger LOG = LoggerFactory.getLogger(EventsConfiguration.class);

  @Bean
  JdbcCitizenInbox citizenInbox(DataSource dataSource, JdbcConsentStore migrated) {
    return JdbcCitizenInbox.of(dataSource);
  }

  @Bean
  EventPoll eventPoll(JdbcConsentStore store) {
    return new EventPoll(store.events(), Clock.systemUTC());
  }

  @Bean
  EventDispatcher eventDispatcher(
      JdbcConsentStore store,
      AgencyRegistry agencies,
      EventsProperties properties,
      MeterRegistry meters) {
    Timer latency =
        Timer.builder(LATENCY)
            .description("from an event being due to its acknowledgement")
            .publishPercentiles(0.5, 0.99)
            .register(meters);
    EventDispatcher.Listener listener =
        new EventDispatcher.Listener() {
          @Override
          public void delivered(EventOutbox.Entry entry, Duration took) {
            count(meters, "delivered");
            latency.record(took);
          }

          @Override
          public void rejected(EventOutbox.Entry entry, String err) {
            count(meters, "rejected");
          }

          @Override
          public void retrying(EventOutbox.Entry entry, String error, Instant next) {
            count(meters, "retrying");
          }

          @Override
          public void deadLettered(EventOutbox.Entry entry) {
            count(meters, "dead");
          }
        };
    return EventDispatcher.builder(store.events(), new CachedEndpoints(agencies))
        .maxAge(properties.maxAge())
        .lease(properties.lease())
        .timeout(properties.timeout())
        .concurrencyPerEndpoint(properties.concurrencyPerEndpoint())
        .pollInterval(properties.pollInterval())
        .backoff(properties.firstRetry(), properties.maxRetry())
        .listener(listener)
        .build();
  }

  private static void count(MeterRegistry meters, String outcome) {
    Counter.builder(DISPATCHED)
        .description("consent events pushed, by outcome")
        .tag("outcome", outcome)
        .register(meters)
        .increment();
  }

  /**
   * Runs the dispatcher's loop while the server runs (stopped, and started again, with the
   * context's lifecycle); the bean's {@code close()} ends it for good.
   */
  @Bean
  SmartLifecycle eventDispatcherLifecycle(EventDispatcher dispatcher, EventsProperties properties) {
    return new SmartLifecycle() {
      private volatile boolean running;

      @Override
      public void start() {
        if (properties.dispatch()) {
          dispatcher.start();
          LOG.info("consent event dispatcher started");
        }
        running = true;
      }

      @Override
      public void stop() {
        dispatcher.stop();
        running = false;
      }

      @Override
      public boolean isRunning() {
        return running;
      }
    };
  }

  @Bean
  EventGauges eventGauges(ConsentStore store, EventsProperties properties, MeterRegistry meters) {
    return new EventGauges(store, properties.erasureGrace(), meters);
  }

  /** The outbox by state and the overdue erasures, counted at most every 30 s. */
  static final class EventGauges {
    private final ConsentStore store;
    private final Duration grace;
    private Map<EventOutbox.State, Long> states; // guarded by this
    private long overdue = -1; // guarded by this
    private Instant countedAt = Instant.MIN; // guarded by this

    EventGauges(ConsentStore store, Duration grace, MeterRegistry meters) {
      this.store = store;
      this.grace = grace;
      for (EventOutbox.State state : EventOutbox.State.values()) {
        Gauge.builder(OUTBOX, this, g -> g.state(state))
            .description("consent events in the outbox, by state (counted at most every 30 s)")
            .tag("state", state.name())
            .strongReference(true)
            .register(meters);
      }
      Gauge.builder(OVERDUE, this, EventGauges::overdue)
          .description("consents whose consumer has not attested erasure within the grace")
          .strongReference(true)
          .register(meters);
    }

    private synchronized void refresh() {
      Instant now = Instant.now();
      if (states != null && now.isBefore(countedAt.plus(ConsentGauges.REFRESH))) {
        return;
      }
      countedAt = now;
      try {
        states = store.events().countByState();
        overdue = store.countOverdueErasures(now.minus(grace));
      } catch (RuntimeException e) {
        LOG.warn("events could not be counted: {}", e.getClass().getName());
        states = null;
        overdue = -1;
      }
    }

    synchronized double state(EventOutbox.State state) {
      refresh();
      return states == null ? Double.NaN : states.getOrDefault(state, 0L);
    }

    synchronized double overdue() {
      refresh();
      return overdue < 0 ? Double.NaN : overdue;
    }
  }

  /** Each agency's event endpoint, read from the registry at most every 10 s. */
  static final class CachedEndpoints implements EventEndpoints {
    private static final Duration FRESH = Duration.ofSeconds(10);
    private final EventEndpoints registry;
    private final Map<AgencyId, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Optional<URI> endpoint, Instant readAt) {}

    CachedEndpoints(AgencyRegistry agencies) {
      this.registry = EventEndpoints.of(agencies);
    }

    @Override
    public Optional<URI> endpoint(AgencyId agency) {
      Instant now = Instant.now();
      Cached cached = cache.get(agency);
      if (cached == null || now.isAfter(cached.readAt().plus(FRESH))) {
        cached = new Cached(registry.endpoint(agency), now);
        cache.put(agency, cached);
      }
      return cached.endpoint();
    }
  }
}
