package org.mydatakit.provider;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Redis behind a ledger or replay cache: a connection either lent by the caller or opened
 * lazily from the caller's client (then owned, and reopened after a failed attempt no sooner than a
 * second later), one Lua script run by digest with a fallback to its text, a timeout of its own,
 * and every failure turned into a {@link LedgerUnavailableException} naming the store and the
 * failure's type only.
 */
final class RedisLink implements AutoCloseable {
  /** A Lua script and its SHA-1, by which Redis caches it. */
  record Script(String text, String sha1) {
    static Script of(String text) {
      try {
        byte[] sha1 =
            MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
        return new Script(text, HexFormat.of().formatHex(sha1));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("sha-1: expected in every java runtime", e);
      }
    }
  }

  private static final long RECONNECT_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final String name;
  private final RedisClient client;
  private final Duration timeout;
  private volatile StatefulRedisConnection<String, String> connection;
  private long nextConnectNanos = System.nanoTime();
  private volatile boolean closed;

  private RedisLink(
      String name,
      StatefulRedisConnection<String, String> lent,
      RedisClient client,
      Duration timeout) {
    this.name = name;
    this.connection = lent;
    this.client = client;
    this.timeout = timeout;
  }

  static RedisLink lent(
      String name, StatefulRedisConnection<String, String> connection, Duration timeout) {
    return new RedisLink(name, connection, null, timeout);
  }

  static RedisLink fromClient(String name, RedisClient client, Duration timeout) {
    return new RedisLink(name, null, client, timeout);
  }

  /** Runs {@code script} and returns its integer answer. */
  long run(Script script, String[] keys, String... args) {
    RedisAsyncCommands<String, String> redis = connection().async();
    try {
      try {
        return await(redis.<Long>evalsha(script.sha1(), ScriptOutputType.INTEGER, keys, args));
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof RedisNoScriptException)) {
          throw e;
        }
        return await(redis.<Long>eval(script.text(), ScriptOutputType.INTEGER, keys, args));
      }
    } catch (ExecutionException e) {
      throw failed(e.getCause());
    } catch (TimeoutException e) {
      throw new LedgerUnavailableException(name + ": redis did not answer within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LedgerUnavailableException(name + ": interrupted waiting for redis", e);
    } catch (RuntimeException e) {
      throw failed(e);
    }
  }

  private long await(RedisFuture<Long> answer)
      throws ExecutionException, TimeoutException, InterruptedException {
    try {
      return answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      answer.cancel(false);
      throw e;
    }
  }

  private StatefulRedisConnection<String, String> connection() {
    StatefulRedisConnection<String, String> open = connection;
    if (closed) {
      throw new LedgerUnavailableException(name + ": closed", null);
    }
    if (open != null) {
      return open;
    }
    synchronized (this) {
      if (closed) {
        throw new LedgerUnavailableException(name + ": closed", null);
      }
      if (connection == null) {
        if (System.nanoTime() - nextConnectNanos < 0) {
          throw new LedgerUnavailableException(name + ": redis unreachable, retrying soon", null);
        }
        try {
          connection = client.connect();
        } catch (RuntimeException e) {
          nextConnectNanos = System.nanoTime() + RECONNECT_PAUSE_NANOS;
          throw failed(e);
        }
      }
      return connection;
    }
  }

  private LedgerUnavailableException failed(Throwable cause) {
    return new LedgerUnavailableException(
        name + ": redis failed with " + cause.getClass().getSimpleName(), cause);
  }

  /** Closes the connection this link opened; a lent connection stays open. */
  @Override
  public synchronized void close() {
    closed = true;
    if (client != null && connection != null) {
      connection.close();
      connection = null;
    }
  }

  String describe() {
    return client != null ? "own connection" : "lent connection";
  }
}
