package org.mydatakit.provider;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import javax.sql.DataSource;
import org.mydatakit.grant.DpopReplayCache;
import org.mydatakit.internal.Checks;

/**
 * A {@link DpopReplayCache} in the agency's own H2 or PostgreSQL database, shared by every node
 * that uses the same database, with its capacity bounded per DPoP key: a consumer that floods it
 * with fresh proofs is refused its own proofs while every other key is still served.
 *
 * <pre>{@code
 * DpopReplayCache proofs = JdbcDpopReplayCache.create(pool);   // migrates, as the ledger does
 * ProviderGate gate = ProviderGate.builder()
 *     ...
 *     .replayCache(proofs)
 *     .build();
 * }</pre>
 *
 * <p>Shares the schema of {@link JdbcGrantUseLedger} (same migrations, same history table). Each
 * proof is one short transaction: a count of the key's live proofs (refused when at capacity), then
 * an insert only one node can win, which also takes over an expired record of the same proof. Under
 * concurrency the count may miss the proofs being inserted at the same moment, so a key may exceed
 * its capacity by at most the number of its concurrent first uses; a replay is still refused
 * exactly. The table holds SHA-256 digests of the thumbprint and the proof id. Expired rows are
 * deleted in batches of at most 1,000 at most once per cleanup interval per instance.
 *
 * <p>The single-key {@link #firstUse(String, Instant, Instant)} (which the broker's client
 * assertion check calls) records each key on its own, so no capacity applies to it.
 *
 * <p>Thread-safe. A database failure throws {@link LedgerUnavailableException} (never a {@code
 * true}); the verifier answers it with {@code REPLAY_CACHE_UNAVAILABLE}.
 */
public final class JdbcDpopReplayCache implements DpopReplayCache {
  static final String NAME = "jdbc dpop replay cache";
  private static final String TABLE = "mydatakit_provider_proof";

  private final LedgerDatabase database;
  private final int capacityPerKey;
  private final String insertSql;
  private final String countSql;

  private JdbcDpopReplayCache(LedgerDatabase database, int capacityPerKey) {
    this.database = database;
    this.capacityPerKey = capacityPerKey;
    this.insertSql =
        database.dialect() == LedgerDatabase.Dialect.POSTGRESQL
            ? "INSERT INTO "
                + TABLE
                + " AS p (jkt, jti, expires_ms) VALUES (?, ?, ?)"
                + " ON CONFLICT (jkt, jti) DO UPDATE SET expires_ms = EXCLUDED.expires_ms"
                + " WHERE p.expires_ms <= ?"
            : "INSERT INTO " + TABLE + " (jkt, jti, expires_ms) VALUES (?, ?, ?)";
    this.countSql =
        "SELECT COUNT(*) FROM (SELECT 1 FROM "
            + TABLE
            + " WHERE jkt = ? AND expires_ms > ?"
            + " FETCH FIRST "
            + capacityPerKey
            + " ROWS ONLY) live";
  }

  /**
   * A cache over {@code dataSource} with the default settings, its schema migrated.
   *
   * @throws LedgerUnavailableException if the database cannot be reached or migrated
   */
  public static JdbcDpopReplayCache create(DataSource dataSource) {
    return builder(dataSource).build();
  }

  /** Starts configuring a cache over {@code dataSource}. */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  @Override
  public boolean firstUse(String jkt, String jti, Instant now, Instant expiresAt) {
    Objects.requireNonNull(jkt, "jkt");
    Objects.requireNonNull(jti, "jti");
    return record(LedgerValues.digest("jkt", jkt), LedgerValues.digest(jti), true, now, expiresAt);
  }

  @Override
  public boolean firstUse(String key, Instant now, Instant expiresAt) {
    Objects.requireNonNull(key, "key");
    return record(LedgerValues.digest("key", key), LedgerValues.digest(""), false, now, expiresAt);
  }

  private boolean record(
      String bucket, String proof, boolean capped, Instant now, Instant expiresAt) {
    long nowMillis = LedgerValues.floorMillis(now);
    long expiresMillis = LedgerValues.ceilMillis(expiresAt);
    boolean first =
        database.transaction(
            "record proof",
            c -> {
              if (capped && live(c, bucket, nowMillis) >= capacityPerKey) {
                return false;
              }
              return take(c, bucket, proof, nowMillis, expiresMillis);
            });
    database.cleanupIfDue(TABLE, "expires_ms", nowMillis);
    return first;
  }

  private int live(Connection c, String bucket, long nowMillis) throws SQLException {
    try (PreparedStatement count = database.prepare(c, countSql)) {
      count.setString(1, bucket);
      count.setLong(2, nowMillis);
      try (ResultSet rs = count.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** Inserts the proof, or takes over its expired record; true if this call recorded it. */
  private boolean take(Connection c, String bucket, String proof, long nowMillis, long expires)
      throws SQLException {
    try (PreparedStatement insert = database.prepare(c, insertSql)) {
      insert.setString(1, bucket);
      insert.setString(2, proof);
      insert.setLong(3, expires);
      if (database.dialect() == LedgerDatabase.Dialect.POSTGRESQL) {
        insert.setLong(4, nowMillis);
      }
      return insert.executeUpdate() == 1;
    } catch (SQLException e) {
      if (!LedgerDatabase.UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw e;
      }
    }
    try (PreparedStatement update =
        database.prepare(
            c,
            "UPDATE "
                + TABLE
                + " SET expires_ms = ?"
                + " WHERE jkt = ? AND jti = ? AND expires_ms <= ?")) {
      update.setLong(1, expires);
      update.setString(2, bucket);
      update.setString(3, proof);
      update.setLong(4, nowMillis);
      return update.executeUpdate() == 1;
    }
  }

  @Override
  public String toString() {
    return "JdbcDpopReplayCache[" + database.dialect() + ", capacityPerKey=" + capacityPerKey + "]";
  }

  /**
   * Configures a {@link JdbcDpopReplayCache}; validation happens in {@link #build()}.
   *
   * <pre>{@code
   * JdbcDpopReplayCache proofs = JdbcDpopReplayCache.builder(pool)
   *     .capacityPerKey(20_000)
   *     .withoutMigration()                       // the operator runs Flyway
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    private final DataSource dataSource;
    private boolean migrate = true;
    private int capacityPerKey = 10_000;
    private Duration queryTimeout = Duration.ofSeconds(5);
    private Duration cleanupInterval = Duration.ofMinutes(1);

    private Builder(DataSource dataSource) {
      this.dataSource = Checks.notNull("data source", dataSource);
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

    /** The operator runs the migrations ({@value JdbcGrantUseLedger#MIGRATIONS}). */
    public Builder withoutMigration() {
      this.migrate = false;
      return this;
    }

    /** The timeout of every statement: 1 second to 1 minute, default 5 seconds. */
    public Builder queryTimeout(Duration timeout) {
      this.queryTimeout = Checks.notNull("query timeout", timeout);
      return this;
    }

    /** How often expired proofs are deleted: 1 second to 1 day, default 1 minute. */
    public Builder cleanupInterval(Duration interval) {
      this.cleanupInterval = Checks.notNull("cleanup interval", interval);
      return this;
    }

    /**
     * Connects once to learn the database, migrates unless told {@link #withoutMigration()}, and
     * builds the cache.
     *
     * @throws LedgerUnavailableException if the database cannot be reached or migrated
     * @throws IllegalStateException for a setting out of range or a database other than H2 or
     *     PostgreSQL
     */
    public JdbcDpopReplayCache build() {
      if (capacityPerKey < 1 || capacityPerKey > 1_000_000) {
        throw new IllegalStateException(
            NAME + ": expected a capacity per key of 1 to 1000000, got " + capacityPerKey);
      }
      LedgerDatabase database =
          LedgerDatabase.open(NAME, dataSource, queryTimeout, cleanupInterval);
      if (migrate) {
        LedgerSchema.migrate(NAME, database);
      }
      return new JdbcDpopReplayCache(database, capacityPerKey);
    }
  }
}
