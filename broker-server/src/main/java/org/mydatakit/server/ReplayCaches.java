package org.mydatakit.server;

import io.lettuce.core.RedisClient;
import java.time.Instant;
import javax.sql.DataSource;
import org.mydatakit.grant.DpopReplayCache;
import org.mydatakit.provider.JdbcDpopReplayCache;
import org.mydatakit.provider.RedisDpopReplayCache;

/**
 * The replay cache of the consumer API's client assertions and DPoP proofs, per {@link
 * ReplayCacheProperties}. Each key is recorded on its own (no per-key capacity: the per-consumer
 * rate limit bounds how fast one consumer fills it). A cache that cannot be reached makes the call
 * a 503, never an acceptance and never a 401.
 */
final class ReplayCaches implements AutoCloseable {
  private final DpopReplayCache cache;
  private final Runnable resource; // nullable: what close() releases

  private ReplayCaches(DpopReplayCache cache, Runnable resource) {
    this.cache = cache;
    this.resource = resource;
  }

  static ReplayCaches of(ReplayCacheProperties properties, DataSource store) {
    switch (properties.type()) {
      case "memory":
        return new ReplayCaches(DpopReplayCache.inMemory(1_000_000), null);
      case "redis":
        RedisClient client = RedisClient.create(properties.redisUrl());
        RedisDpopReplayCache redis = RedisDpopReplayCache.builder(client).build();
        return new ReplayCaches(
            singleKeys(redis),
            () -> {
              redis.close();
              client.shutdown();
            });
      default:
        return new ReplayCaches(singleKeys(JdbcDpopReplayCache.create(store)), null);
    }
  }

  /** Records {@code jkt:jti} as one key, whatever the per-key capacity of {@code shared}. */
  private static DpopReplayCache singleKeys(DpopReplayCache shared) {
    return new DpopReplayCache() {
      @Override
      public boolean firstUse(String key, Instant now, Instant expiresAt) {
        return shared.firstUse(key, now, expiresAt);
      }

      @Override
      public String toString() {
        return shared.toString();
      }
    };
  }

  DpopReplayCache cache() {
    return cache;
  }

  @Override
  public void close() {
    if (resource != null) {
      resource.run();
    }
  }
}
