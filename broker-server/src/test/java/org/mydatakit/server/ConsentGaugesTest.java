package org.mydatakit.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.mydatakit.broker.ConsentStore;
import org.mydatakit.broker.ConsentStoreUnavailableException;
import org.mydatakit.consent.ConsentStatus;

/** The consents-by-status gauges: one count per refresh, whatever the scrapes; NaN on failure. */
class ConsentGaugesTest {
  final AtomicInteger counted = new AtomicInteger();
  volatile boolean failing;

  ConsentStore store() {
    return (ConsentStore)
        Proxy.newProxyInstance(
            ConsentStore.class.getClassLoader(),
            new Class<?>[] {ConsentStore.class},
            (proxy, method, args) -> {
              if (!method.getName().equals("countByStatus")) {
                throw new UnsupportedOperationException(method.getName());
              }
              counted.incrementAndGet();
              if (failing) {
                throw new ConsentStoreUnavailableException("count by status", null);
              }
              Map<ConsentStatus, Long> counts = new EnumMap<>(ConsentStatus.class);
              for (ConsentStatus s : ConsentStatus.values()) {
                counts.put(s, 0L);
              }
              counts.put(ConsentStatus.ACTIVE, 7L);
              counts.put(ConsentStatus.REVOKED, 2L);
              return counts;
            });
  }

  @Test
  void eachStatusIsAGaugeAndTheStoreIsCountedOncePerRefresh() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new ConsentGauges(store(), registry);
    for (int scrape = 0; scrape < 5; scrape++) {
      assertThat(gauge(registry, "ACTIVE")).isEqualTo(7.0);
      assertThat(gauge(registry, "REVOKED")).isEqualTo(2.0);
      assertThat(gauge(registry, "REQUESTED")).isEqualTo(0.0);
    }
    assertThat(counted.get()).isEqualTo(1);
    assertThat(registry.find(ConsentGauges.CONSENTS).gauges())
        .hasSize(ConsentStatus.values().length);
  }

  @Test
  void aStoreThatFailsShowsNaN() {
    failing = true;
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new ConsentGauges(store(), registry);
    assertThat(gauge(registry, "ACTIVE")).isNaN();
  }

  private static double gauge(SimpleMeterRegistry registry, String status) {
    return registry.get(ConsentGauges.CONSENTS).tag("status", status).gauge().value();
  }
}
