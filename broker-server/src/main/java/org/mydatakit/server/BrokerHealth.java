package org.mydatakit.server;

import java.nio.file.Files;
import java.nio.file.Path;
import org.mydatakit.broker.BrokerKeyFiles;
import org.mydatakit.store.jdbc.JdbcConsentStore;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The broker's health, at {@code /actuator/health}: the store answers a cheap read (the audit
 * chain's head), and every key file the broker started with is still in place — a broker that lost
 * them would make new keys on its next start, and grants and checkpoints signed before would no
 * longer verify. Details name what failed by kind only, never a path's content or a key.
 */
@Configuration(proxyBeanMethods = false)
class BrokerHealth {

  @Bean
  HealthIndicator storeHealthIndicator(JdbcConsentStore store) {
    return () -> {
      try {
        store.auditHead();
        return Health.up().build();
      } catch (RuntimeException e) {
        return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
      }
    };
  }

  @Bean
  HealthIndicator keysHealthIndicator(BrokerKeyFiles keys) {
    return () -> {
      for (Path file : keys.files()) {
        if (!Files.isReadable(file)) {
          return Health.down().withDetail("missing", file.getFileName().toString()).build();
        }
      }
      return Health.up().build();
    };
  }
}
