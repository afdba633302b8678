package org.mydatakit.provider;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;
import org.mydatakit.grant.DpopReplayCache;
import org.mydatakit.internal.Checks;

/**
 * A {@link DpopReplayCache} in Redis (through Lettuce), shared by every node that uses the same
 * Redis, with its capacity bounded per DPoP key: a consumer that floods it with fresh proofs is
 * refused its own proofs while every other key is still served.
 *
 * <pre>{@code
 * StatefulRedisConnection<String, String> connection = redis.connect();
 * DpopReplayCache proofs = RedisDpopReplayCache.builder(connection).capacityPerKey(10_000).build();
 * ProviderGate gate = ProviderGate.builder()
 *     ...
 *     .replayCache(proofs)
 *     .build();
 * }</pre>
 *
 * <p>Each DPoP key has one sorted set, {@code keyPrefix} (default {@value #DEFAULT_PREFIX}) plus
 * the SHA-256 of its thumbprint, whose members are SHA-256 digests of proof ids scored by their
 * expiry. One Lua script, atomic in Redis, drops the set's expired members (by the caller's clock),
 * refuses a proof already there, refuses any proof once the set holds {@code capacityPerKey} live
 * ones, and otherwise adds it and extends the set's own expiry to its latest member's. The capacity
 * is exact, even under concurrency.
 *
 * <p>The single-key {@link #firstUse(String, Instant, Instant)} (which the broker's client
 * assertion check calls) records each key in a set of its own, so no capacity applies to it.
 *
 * <p>This class logs nothing. Lettuce's TRACE logging of {@code io.lettuce.core.protocol} dumps
 * every command as sent, digests included: keep it off in production.
 *
 * <p>Ownership as for {@link RedisGrantUseLedger}: a lent connection stays the caller's; one opened
 * from a client is this cache's, closed by {@link #close()}. Thread-safe. A Redis error, a lost
 * connection or no answer within the timeout throws {@link LedgerUnavailableException} (never a
 * {@code true}); the verifier answers it with {@code REPLAY_CACHE_UNAVAILABLE}.
 */
public final class RedisDpopReplayCache implements DpopReplayCache, AutoCloseable {
  /** The default prefix of every key this cache writes. */
  public static final String DEFAULT_PREFIX = "mydatakit:dpop:";

  static final String NAME = "redis dpop replay cache";

  /** Answers 1 (first use), 0 (replay) or -1 (the key is at capacity). */
  private static final RedisLink.Script RECORD =
      RedisLink.Script.of(
          """
          redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
          if redis.call('ZSCORE', KEYS[1], ARGV[1]) then
            return 0
          end
          if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then
            return -1
          end
          redis.call('ZADD', KEYS[1], 'NX', ARGV[3], ARGV[1])
          local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
          redis.call('PEXPIRE', KEYS[1], math.max(1, tonumber(last[2]) - tonumber(ARGV[2])))
          return 1
          """);

  private final RedisLink link;
  private final String prefix;
  private final int capacityPerKey;

  private RedisDpopReplayCache(RedisLink link, String prefix, int capacityPerKey) {
    this.link = link;
    this.prefix = prefix;
    this.capacityPerKey = capacityPerKey;
  }

  /** Starts configuring a cache on {@code connection}, which stays the caller's to close. */
  public static Builder builder(StatefulRedisConnection<String, String> connection) {
    Checks.notNull("connection", connection);
    return new Builder(timeout -> RedisLink.lent(NAME, connection, timeout));
  }

  /**
   * Starts configuring a cache that opens its own connection from {@code client} (created with its
   * URI) at first use, and closes it in {@link #close()}.
   */
  public static Builder builder(RedisClient client) {
    Checks.notNull("client", client);
    return new Builder(timeout -> RedisLink.fromClient(NAME, client, timeout));
  }

  @Override
  public boolean firstUse(String jkt, String jti, Instant now, Instant expiresAt) {
    Objects.requireNonNull(jkt, "jkt");
    Objects.requireNonNull(jti, "jti");
    return record(LedgerValues.digest("jkt", jkt), LedgerValues.digest(jti), now, expiresAt);
  }

  @Override
  public boolean firstUse(String key, Instant now, Instant expiresAt) {
    Objects.requireNonNull(key, "key");
    return record(LedgerValues.digest("key", key), "-", now, expiresAt);
  }

  private boolean record(String bucket, String proof, Instant now, Instant expiresAt) {
    long answer =
        link.run(
            RECORD,
            new String[] {prefix + bucket},
            proof,
            Long.toString(LedgerValues.floorMillis(now)),
            Long.toString(Math.max(1, LedgerValues.ceilMillis(expiresAt))),
            Integer.toString(capacityPerKey));
    return answer == 1;
  }

  /** Closes the connection this cache opened, if any; a lent connection stays open. */
  @Override
  public void close() {
    link.close();
  }

  @Override
  public String toString() {
    return "RedisDpopReplayCache[" + link.describe() + ", capacityPerKey=" + capacityPerKey + "]";
  }

  /**
   * Configures a {@link RedisDpopReplayCache}; validation happens in {@link #build()}.
   *
   * <pre>{@code
   * RedisDpopReplayCache proofs = RedisDpopReplayCache.builder(connection)
   *     .keyPrefix("nts:dpop:")
   *     .capacityPerKey(20_000)
   *     .timeout(Duration.ofMillis(500))
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    private final Function<Duration, RedisLink> link;
    private String prefix = DEFAULT_PREFIX;
    private Duration timeout = Duration.ofSeconds(2);
    private int capacityPerKey = 10_000;

    private Builder(Function<Duration, RedisLink> link) {
      this.link = link;
    }

    /**
     * The live proofs one DPoP key may have recorded: 1 to 1,000,000, default 10,000. Size it for
     * one consumer's peak number of requests within a proof's lifetime (its maximum age plus the
     * clock skew, 90 seconds by default).
     */
    public Builder capacityPerKey(int capacity) {
      this.capacityPerKey = capacity;
      return this;
    }

    /**
     * The prefix of every key: 1 to 100 printable ASCII characters without spaces, default {@value
     * #DEFAULT_PREFIX}.
     */
    public Builder keyPrefix(String prefix) {
      this.prefix = Checks.notNull("key prefix", prefix);
      return this;
    }

    /** How long a call waits for Redis: 10 ms to 1 minute, default 2 seconds. */
    public Builder timeout(Duration timeout) {
      this.timeout = Checks.notNull("timeout", timeout);
      return this;
    }

    /**
     * Validates and builds the cache; it does not connect.
     *
     * @throws IllegalStateException for a setting out of range
     */
    public RedisDpopReplayCache build() {
      if (capacityPerKey < 1 || capacityPerKey > 1_000_000) {
        throw new IllegalStateException(
            NAME + ": expected a capacity per key of 1 to 1000000, got " + capacityPerKey);
      }
      return new RedisDpopReplayCache(
          link.apply(RedisSettings.timeout(NAME, timeout)),
          RedisSettings.prefix(NAME, prefix),
          capacityPerKey);
    }
  }
}
