package org.mydatakit.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.mydatakit.consent.ItemCode;

/**
 * What the Redis ledger and cache leave in Redis, and who closes what (skipped without
 * MYDATA_TEST_REDIS_URL).
 */
@EnabledIfEnvironmentVariable(
    named = TestStores.REDIS_ENV,
    matches = ".*\\S.*",
    disabledReason = TestStores.REDIS_SKIPPED)
class RedisLedgerStorageTest {
  private static final ItemCode INCOME = ItemCode.of("nts.income");
  private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private final String prefix = TestStores.newRedisPrefix();
  private RedisClient client;
  private StatefulRedisConnection<String, String> connection;

  @BeforeEach
  void open() {
    // this test reads keys and values itself, which Lettuce logs at DEBUG
    TestStores.quietRedisWire(Level.INFO);
    client = RedisClient.create(TestStores.redisUrl());
    connection = client.connect();
  }

  @AfterEach
  void close() {
    TestStores.deleteKeys(connection, prefix);
    connection.close();
    TestStores.shutdown(client);
    TestStores.quietRedisWire();
  }

  @Test
  void useIsOneKeyOfDigestsThatRedisExpiresAfterItsTimeToLive() {
    Instant forgetAfter = t0.plusSeconds(60);
    RedisGrantUseLedger.builder(connection)
        .keyPrefix(prefix)
        .build()
        .claim("grant-plain", INCOME, "key-plain", t0, forgetAfter);
    RedisCommands<String, String> redis = connection.sync();
    List<String> keys = redis.keys(prefix + "*");
    assertThat(keys).hasSize(1);
    String key = keys.get(0);
    assertThat(key).doesNotContain("plain").matches(".*:[A-Za-z0-9_-]{43}");
    assertThat(redis.get(key)).doesNotContain("plain");
    // relative to the caller's now: Redis keeps it 60 s from the claim, whatever Redis's clock says
    assertThat(redis.pttl(key)).isBetween(50_000L, 60_000L);
  }

  @Test
  void proofsOfOneKeyAreOneSortedSetThatExpiresWithItsLastProof() {
    RedisDpopReplayCache cache = RedisDpopReplayCache.builder(connection).keyPrefix(prefix).build();
    cache.firstUse("jkt-plain", "jti-1", t0, t0.plusSeconds(90));
    cache.firstUse("jkt-plain", "jti-2", t0, t0.plusSeconds(120));
    cache.firstUse("jkt-plain", "jti-3", t0, t0.plusSeconds(100));
    RedisCommands<String, String> redis = connection.sync();
    List<String> keys = redis.keys(prefix + "*");
    assertThat(keys).hasSize(1);
    assertThat(keys.get(0)).doesNotContain("plain");
    assertThat(redis.zcard(keys.get(0))).isEqualTo(3);
    assertThat(redis.pttl(keys.get(0))).isBetween(110_000L, 120_000L);
  }

  @Test
  void aNodeWhoseClockIsFarBehindRedisStillHoldsItsUsesAndProofs() {
    Instant longAgo = Instant.parse("2001-01-01T00:00:00Z"); // Redis's own clock says today
    RedisGrantUseLedger ledger = RedisGrantUseLedger.builder(connection).keyPrefix(prefix).build();
    assertThat(ledger.claim("grant-1", INCOME, null, longAgo, longAgo.plusSeconds(300)))
        .isEqualTo(GrantUseLedger.Use.FIRST);
    assertThat(ledger.claim("grant-1", INCOME, null, longAgo.plusSeconds(1), longAgo))
        .isEqualTo(GrantUseLedger.Use.USED);
    RedisDpopReplayCache cache =
        RedisDpopReplayCache.builder(connection).keyPrefix(prefix + "dpop:").build();
    assertThat(cache.firstUse("jkt", "jti-1", longAgo, longAgo.plusSeconds(91))).isTrue();
    assertThat(cache.firstUse("jkt", "jti-1", longAgo.plusSeconds(1), longAgo.plusSeconds(92)))
        .isFalse();
  }

  @Test
  void closingALedgerLeavesALentConnectionOpen() {
    RedisGrantUseLedger ledger = RedisGrantUseLedger.builder(connection).keyPrefix(prefix).build();
    ledger.close();
    assertThat(connection.isOpen()).isTrue();
    assertThatThrownBy(() -> ledger.claim("grant-a", INCOME, null, t0, t0.plusSeconds(60)))
        .isInstanceOf(LedgerUnavailableException.class);
  }

  @Test
  void ledgerFromAClientOpensItsConnectionAtFirstUse() {
    try (RedisGrantUseLedger ledger =
        RedisGrantUseLedger.builder(client).keyPrefix(prefix).build()) {
      assertThat(ledger.claim("grant-a", INCOME, null, t0, t0.plusSeconds(60)))
          .isEqualTo(GrantUseLedger.Use.FIRST);
      assertThat(ledger.claim("grant-a", INCOME, null, t0, t0.plusSeconds(60)))
          .isEqualTo(GrantUseLedger.Use.USED);
    }
  }

  @Test
  void scriptIsLoadedAgainAfterRedisForgetsIt() {
    RedisGrantUseLedger ledger = RedisGrantUseLedger.builder(connection).keyPrefix(prefix).build();
    ledger.claim("grant-a", INCOME, null, t0, t0.plusSeconds(60));
    connection.sync().scriptFlush();
    assertThat(ledger.claim("grant-b", INCOME, null, t0, t0.plusSeconds(60)))
        .isEqualTo(GrantUseLedger.Use.FIRST);
  }

  @Test
  void settingsOutOfRangeAreRejectedAtBuild() {
    assertThatThrownBy(() -> RedisGrantUseLedger.builder(connection).keyPrefix("a b").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("key prefix");
    assertThatThrownBy(
            () -> RedisDpopReplayCache.builder(connection).timeout(Duration.ofMinutes(2)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("timeout");
  }
}
