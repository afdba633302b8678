package org.mydatakit.server;

import java.net.URI;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the broker remembers the client assertions and DPoP proofs it has seen, so that each is
 * accepted once: {@code mydatakit.broker.replay-cache.*}.
 *
 * @param type {@code store} (default): a table in the store's database, shared by every node on
 *     that database; {@code redis}: the Redis at {@code redis-url}, shared likewise; {@code
 *     memory}: this process only, for one node (several nodes would each accept a replay once)
 * @param redisUrl the Redis URI ({@code redis://host:port} or {@code rediss://...}) when {@code
 *     type=redis}
 */
@ConfigurationProperties("mydatakit.broker.replay-cache")
public record ReplayCacheProperties(@DefaultValue("store") String type, String redisUrl) {

  /** Validates. */
  public ReplayCacheProperties {
    type = type == null ? "" : type.trim().toLowerCase(Locale.ROOT);
    if (!type.equals("store") && !type.equals("redis") && !type.equals("memory")) {
      throw new IllegalArgumentException(
          "mydatakit.broker.replay-cache.type: expected store, redis or memory");
    }
    if (type.equals("redis")) {
      String scheme;
      try {
        scheme = redisUrl == null ? null : URI.create(redisUrl).getScheme();
      } catch (IllegalArgumentException e) {
        scheme = null;
      }
      if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
        throw new IllegalArgumentException(
            "mydatakit.broker.replay-cache.redis-url: expected redis://... or rediss://... when"
                + " the type is redis");
      }
    }
  }
}
