package org.mydatakit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Instant;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * Each kind of replay cache accepts a key once; the shared kinds accept it once between two
 * instances (two nodes), the memory kind only within its own.
 */
class ReplayCachesTest {
  static final String REDIS_ENV = "MYDATA_TEST_REDIS_URL";

  @Test
  void theStoreKindIsSharedByEveryNodeOnTheDatabase() throws Exception {
    JdbcDataSource database = new JdbcDataSource();
    database.setURL("jdbc:h2:mem:replay-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    ReplayCacheProperties store = new ReplayCacheProperties("store", null);
    try (ReplayCaches one = ReplayCaches.of(store, database);
        ReplayCaches two = ReplayCaches.of(store, database)) {
      assertOnceBetween(one, two);
    }
  }

  @Test
  void theRedisKindIsSharedByEveryNodeOnTheServer() throws Exception {
    String redis = System.getenv(REDIS_ENV);
    assumeTrue(
        redis != null && !redis.isBlank(),
        "Redis test skipped: set " + REDIS_ENV + " (e.g. redis://127.0.0.1:6379); .ci/run sets it");
    ReplayCacheProperties shared = new ReplayCacheProperties("redis", redis);
    try (ReplayCaches one = ReplayCaches.of(shared, null);
        ReplayCaches two = ReplayCaches.of(shared, null)) {
      assertOnceBetween(one, two);
    }
  }

  @Test
  void theMemoryKindIsOneNodesOnly() throws Exception {
    ReplayCacheProperties memory = new ReplayCacheProperties("memory", null);
    try (ReplayCaches one = ReplayCaches.of(memory, null);
        ReplayCaches two = ReplayCaches.of(memory, null)) {
      String key = "client:BANK:" + UUID.randomUUID();
      Instant now = Instant.now();
      assertThat(one.cache().firstUse(key, now, now.plusSeconds(60))).isTrue();
      assertThat(one.cache().firstUse(key, now, now.plusSeconds(60))).isFalse();
      assertThat(two.cache().firstUse(key, now, now.plusSeconds(60))).isTrue();
    }
  }

  @Test
  void theKindAndTheRedisUrlAreValidatedByName() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new ReplayCacheProperties("disk", null))
        .withMessageStartingWith("mydatakit.broker.replay-cache.type");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new ReplayCacheProperties("redis", "http://x"))
        .withMessageStartingWith("mydatakit.broker.replay-cache.redis-url");
  }

  private static void assertOnceBetween(ReplayCaches one, ReplayCaches two) {
    Instant now = Instant.now();
    String assertion = "client:BANK:" + UUID.randomUUID();
    assertThat(one.cache().firstUse(assertion, now, now.plusSeconds(60))).isTrue();
    assertThat(two.cache().firstUse(assertion, now, now.plusSeconds(60))).isFalse();
    String proof = "thumbprint-" + UUID.randomUUID();
    String jti = UUID.randomUUID().toString();
    assertThat(two.cache().firstUse(proof, jti, now, now.plusSeconds(60))).isTrue();
    assertThat(one.cache().firstUse(proof, jti, now, now.plusSeconds(60))).isFalse();
  }
}
