package org.mydatakit.provider;

import ch.qos.logback.classic.Level;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.LoggerFactory;

/**
 * The stores behind the shared ledgers' tests: in-memory H2 databases, fresh PostgreSQL schemas
 * (skipped without {@value #PG_ENV}) and Redis key prefixes of their own (skipped without {@value
 * #REDIS_ENV}).
 */
final class TestStores {
  static final String PG_ENV = "MYDATA_TEST_PG_URL";
  static final String PG_SKIPPED =
      "PostgreSQL tests skipped: set "
          + PG_ENV
          + " (e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres); .ci/run sets it";
  static final String REDIS_ENV = "MYDATA_TEST_REDIS_URL";
  static final String REDIS_SKIPPED =
      "Redis tests skipped: set " + REDIS_ENV + " (e.g. redis://127.0.0.1:6379); .ci/run sets it";

  private TestStores() {}

  /** A pool on a new in-memory H2 database that lives until {@link #dropH2}. */
  static HikariDataSource h2Pool(String database, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1");
    config.setMaximumPoolSize(size);
    config.setConnectionTimeout(5_000);
    config.setPoolName("provider-test-h2-" + database);
    return new HikariDataSource(config);
  }

  static String newH2Name() {
    return "provider_" + UUID.randomUUID().toString().replace("-", "");
  }

  static void dropH2(String database) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:h2:mem:" + database);
        Statement s = c.createStatement()) {
      s.execute("SHUTDOWN");
    }
  }

  /** The PostgreSQL URL, or the test is skipped with a message saying how to run it. */
  static String postgresUrl() {
    String url = System.getenv(PG_ENV);
    Assumptions.assumeTrue(url != null && !url.isBlank(), PG_SKIPPED);
    return url;
  }

  /** A new, empty schema in the test PostgreSQL database. */
  static String newSchema() throws Exception {
    String schema =
        "mdk_provider_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(postgresUrl());
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    return schema;
  }

  static void dropSchema(String schema) throws Exception {
    try (Connection c = DriverManager.getConnection(postgresUrl());
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  /** A HikariCP pool on {@code schema}. */
  static HikariDataSource postgresPool(String schema, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(postgresUrl());
    config.setSchema(schema);
    config.setMaximumPoolSize(size);
    config.setConnectionTimeout(5_000);
    config.setPoolName("provider-test-pg-" + schema);
    return new HikariDataSource(config);
  }

  /** The Redis URL, or the test is skipped with a message saying how to run it. */
  static String redisUrl() {
    String url = System.getenv(REDIS_ENV);
    Assumptions.assumeTrue(url != null && !url.isBlank(), REDIS_SKIPPED);
    return url;
  }

  /**
   * Lowers Lettuce's wire logger from TRACE (on for every test, so that LogLeakGuard sees all) to
   * DEBUG: at TRACE it dumps every command as sent, which holds the key and argument digests. The
   * ledgers' own logs stay under the guard; the Redis classes' javadoc tells operators the same.
   */
  static void quietRedisWire() {
    quietRedisWire(Level.DEBUG);
  }

  /**
   * For tests that read the stored values themselves: at DEBUG, Lettuce logs each completed command
   * with its output.
   */
  static void quietRedisWire(Level level) {
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.lettuce.core.protocol"))
        .setLevel(level);
  }

  /** A key prefix no other test run uses. */
  static String newRedisPrefix() {
    return "mydatakit-test:" + UUID.randomUUID() + ":";
  }

  /** Deletes the keys under {@code prefix}, and nothing else. */
  static void deleteKeys(StatefulRedisConnection<String, String> connection, String prefix) {
    RedisCommands<String, String> redis = connection.sync();
    ScanArgs match = ScanArgs.Builder.matches(prefix + "*").limit(500);
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      var page = redis.scan(cursor, match);
      if (!page.getKeys().isEmpty()) {
        redis.del(page.getKeys().toArray(String[]::new));
      }
      cursor = page;
    } while (!cursor.isFinished());
  }

  /** A client for a port nothing listens on. */
  static RedisClient clientOfClosedPort() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    return RedisClient.create("redis://127.0.0.1:" + port);
  }

  static void shutdown(RedisClient client) {
    if (client != null) {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }
}
