package org.mydatakit.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.RevokedBy;

/**
 * The status list is built and signed once per change, not once per request: 10,000 requests read
 * the store once; a status changed through the broker, or half the ttl gone, builds it again.
 */
class StatusListCacheTest {
  private final AtomicInteger scans = new AtomicInteger();
  private final BrokerFixture f = new BrokerFixture(counting(new InMemoryConsentStore()));

  /** A store that counts the scans of every consent's status. */
  private ConsentStore counting(ConsentStore real) {
    return (ConsentStore)
        Proxy.newProxyInstance(
            ConsentStore.class.getClassLoader(),
            new Class<?>[] {ConsentStore.class},
            (proxy, method, args) -> {
              if (method.getName().equals("forEachStatus")) {
                scans.incrementAndGet();
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  /** A build reads every status twice (the highest index, then the slots). */
  private int builds() {
    return scans.get() / 2;
  }

  @Test
  void tenThousandRequestsBuildTheListOnce() throws Exception {
    f.active(1, Delivery.oneTime());
    PublishedStatusList first = f.broker.publishedStatusList();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 2_500; i++) {
                    assertThat(f.broker.statusList()).isEqualTo(first.token());
                  }
                }));
      }
      for (Future<?> d : done) {
        d.get();
      }
    } finally {
      pool.shutdown();
    }
    assertThat(builds()).isEqualTo(1);
    assertThat(first.etag()).matches("\"[A-Za-z0-9_-]{22}\"");
    assertThat(first.maxAge(f.clock.instant())).isEqualTo(Duration.ofSeconds(30)); // ttl 60 s
    assertThat(first.toString()).doesNotContain(first.token());
  }

  @Test
  void aStatusChangeThroughTheBrokerBuildsItAgainAtOnce() {
    Consent active = f.active(1, Delivery.oneTime());
    PublishedStatusList before = f.broker.publishedStatusList();
    f.broker.revoke(active.id(), RevokedBy.CITIZEN, "no longer needed");
    PublishedStatusList after = f.broker.publishedStatusList();
    assertThat(builds()).isEqualTo(2);
    assertThat(after.token()).isNotEqualTo(before.token());
    assertThat(after.etag()).isNotEqualTo(before.etag());
    f.broker.statusList();
    assertThat(builds()).isEqualTo(2);

    Consent second = f.active(2, Delivery.oneTime()); // an approval changes a status too
    assertThat(f.broker.statusList()).isNotEqualTo(after.token());
    assertThat(builds()).isEqualTo(3);
    f.broker.pause(second.id());
    f.broker.statusList();
    assertThat(builds()).isEqualTo(4);
  }

  @Test
  void halfTheTtlGoneBuildsItAgainForChangesMadeElsewhere() {
    f.active(1, Delivery.oneTime());
    PublishedStatusList first = f.broker.publishedStatusList();
    f.clock.advance(Duration.ofSeconds(29));
    assertThat(f.broker.publishedStatusList()).isSameAs(first);
    assertThat(first.maxAge(f.clock.instant())).isEqualTo(Duration.ofSeconds(1));
    f.clock.advance(Duration.ofSeconds(1));
    PublishedStatusList next = f.broker.publishedStatusList();
    assertThat(next).isNotSameAs(first);
    assertThat(builds()).isEqualTo(2);
    assertThat(first.maxAge(f.clock.instant().plusSeconds(5))).isEqualTo(Duration.ZERO);
  }
}
