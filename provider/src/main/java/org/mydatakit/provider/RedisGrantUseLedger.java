package org.mydatakit.provider;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.internal.Checks;

/**
 * A {@link GrantUseLedger} in Redis (through Lettuce), shared by every node that uses the same
 * Redis: of any number of concurrent first claims of one (grant, item) pair, on any nodes, exactly
 * one is {@link Use#FIRST}.
 *
 * <pre>{@code
 * RedisClient redis = RedisClient.create("redis://ledger.agency.internal:6379");
 * StatefulRedisConnection<String, String> connection = redis.connect();
 * GrantUseLedger ledger = RedisGrantUseLedger.builder(connection).build();
 * ProviderGate gate = ProviderGate.builder()
 *     ...
 *     .ledger(ledger)
 *     .build();
 * }</pre>
 *
 * <p>Each claim is one Lua script, atomic in Redis: it reads the pair's key; if the key holds a use
 * whose {@code forgetAfter} is after the caller's {@code now}, it answers {@link Use#RETRY} (same
 * non-null idempotency key) or {@link Use#USED}; otherwise it records this use with {@code SET ...
 * PX (forgetAfter - now)} and answers {@link Use#FIRST}. Liveness is judged by the caller's clock,
 * as in the other ledgers; Redis's own expiry only frees the memory, and is relative to the
 * caller's {@code now} so that a node whose clock differs from Redis's never sees a use vanish
 * early. Keys are {@code keyPrefix} (default {@value #DEFAULT_PREFIX}) plus the SHA-256 of the
 * grant id and the item in base64url, and values hold the SHA-256 of the idempotency key: short,
 * fixed-width keys, and nothing a consumer sent sits in Redis.
 *
 * <p>Ownership: a connection given to {@link #builder(StatefulRedisConnection)} stays the caller's,
 * to share (Lettuce connections are thread-safe) and to close. A ledger built from {@link
 * #builder(RedisClient)} opens its own connection at first use, reopens it no sooner than a second
 * after a failed attempt (so a node can start while Redis is down and recovers without a restart),
 * and closes it in {@link #close()}; the client stays the caller's to shut down.
 *
 * <p>This class logs nothing. Lettuce's TRACE logging of {@code io.lettuce.core.protocol} dumps
 * every command as sent, digests included: keep it off in production.
 *
 * <p>Thread-safe. A Redis error, a lost connection or no answer within the timeout (default 2 s)
 * throws {@link LedgerUnavailableException}, and the gate delivers nothing. A claim that timed out
 * may still have been recorded: the consumer's retry with the same idempotency key then gets {@link
 * Use#RETRY}.
 */
public final class RedisGrantUseLedger implements GrantUseLedger, AutoCloseable {
  /** The default prefix of every key this ledger writes. */
  public static final String DEFAULT_PREFIX = "mydatakit:use:";

  static final String NAME = "redis grant use ledger";

  /** Answers 0 (FIRST), 1 (RETRY) or 2 (USED); values are "forgetAfter idempotencyKeyDigest". */
  private static final RedisLink.Script CLAIM =
      RedisLink.Script.of(
          """
          local held = redis.call('GET', KEYS[1])
          if held then
            local gap = string.find(held, ' ', 1, true)
            if tonumber(string.sub(held, 1, gap - 1)) > tonumber(ARGV[1]) then
              if ARGV[3] ~= '' and string.sub(held, gap + 1) == ARGV[3] then
                return 1
              end
              return 2
            end
          end
          local ttl = math.max(1, tonumber(ARGV[2]) - tonumber(ARGV[1]))
          redis.call('SET', KEYS[1], ARGV[2] .. ' ' .. ARGV[3], 'PX', ttl)
          return 0
          """);

  private final RedisLink link;
  private final String prefix;

  private RedisGrantUseLedger(RedisLink link, String prefix) {
    this.link = link;
    this.prefix = prefix;
  }

  /** Starts configuring a ledger on {@code connection}, which stays the caller's to close. */
  public static Builder builder(StatefulRedisConnection<String, String> connection) {
    Checks.notNull("connection", connection);
    return new Builder(timeout -> RedisLink.lent(NAME, connection, timeout));
  }

  /**
   * Starts configuring a ledger that opens its own connection from {@code client} (created with its
   * URI) at first use, and closes it in {@link #close()}.
   */
  public static Builder builder(RedisClient client) {
    Checks.notNull("client", client);
    return new Builder(timeout -> RedisLink.fromClient(NAME, client, timeout));
  }

  @Override
  public Use claim(
      String grantId, ItemCode item, String idempotencyKey, Instant now, Instant forgetAfter) {
    Objects.requireNonNull(grantId, "grant id");
    Objects.requireNonNull(item, "item");
    String key = prefix + LedgerValues.digest(grantId, item.value());
    long answer =
        link.run(
            CLAIM,
            new String[] {key},
            Long.toString(LedgerValues.floorMillis(now)),
            Long.toString(Math.max(1, LedgerValues.ceilMillis(forgetAfter))),
            idempotencyKey == null ? "" : LedgerValues.digest(idempotencyKey));
    if (answer == 0) {
      return Use.FIRST;
    }
    if (answer == 1) {
      return Use.RETRY;
    }
    if (answer == 2) {
      return Use.USED;
    }
    throw new LedgerUnavailableException(NAME + ": expected 0, 1 or 2, got " + answer, null);
  }

  /** Closes the connection this ledger opened, if any; a lent connection stays open. */
  @Override
  public void close() {
    link.close();
  }

  @Override
  public String toString() {
    return "RedisGrantUseLedger[" + link.describe() + "]";
  }

  /**
   * Configures a {@link RedisGrantUseLedger}; validation happens in {@link #build()}.
   *
   * <pre>{@code
   * RedisGrantUseLedger ledger = RedisGrantUseLedger.builder(connection)
   *     .keyPrefix("nts:use:")
   *     .timeout(Duration.ofMillis(500))
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    private final Function<Duration, RedisLink> link;
    private String prefix = DEFAULT_PREFIX;
    private Duration timeout = Duration.ofSeconds(2);

    private Builder(Function<Duration, RedisLink> link) {
      this.link = link;
    }

    /**
     * The prefix of every key: 1 to 100 printable ASCII characters without spaces, default {@value
     * #DEFAULT_PREFIX}. Give nodes that share a ledger the same prefix, and other agencies on the
     * same Redis another.
     */
    public Builder keyPrefix(String prefix) {
      this.prefix = Checks.notNull("key prefix", prefix);
      return this;
    }

    /** How long a claim waits for Redis: 10 ms to 1 minute, default 2 seconds. */
    public Builder timeout(Duration timeout) {
      this.timeout = Checks.notNull("timeout", timeout);
      return this;
    }

    /**
     * Validates and builds the ledger; it does not connect.
     *
     * @throws IllegalStateException for a setting out of range
     */
    public RedisGrantUseLedger build() {
      return new RedisGrantUseLedger(
          link.apply(RedisSettings.timeout(NAME, timeout)), RedisSettings.prefix(NAME, prefix));
    }
  }
}
