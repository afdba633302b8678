package org.mydatakit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;

/** The store's data source: H2's embedded pool, or a HikariCP pool with timeouts for PostgreSQL. */
class DatabaseTest {
  @Test
  void postgresqlGetsABoundedPoolWithConnectAndSocketTimeouts() throws Exception {
    String pg = System.getenv("MYDATA_TEST_PG_URL");
    assumeTrue(
        pg != null && !pg.isBlank(),
        "PostgreSQL test skipped: set MYDATA_TEST_PG_URL (e.g."
            + " jdbc:postgresql://127.0.0.1:5432/test?user=postgres); .ci/run sets it");
    Database database = new Database(pg);
    try {
      HikariDataSource pool = (HikariDataSource) database.dataSource();
      assertThat(pool.getMaximumPoolSize()).isEqualTo(Database.POOL_SIZE);
      assertThat(pool.getJdbcUrl()).contains("connectTimeout=5").contains("socketTimeout=30");
      try (Connection c = pool.getConnection()) {
        assertThat(c.isValid(5)).isTrue();
      }
      assertThat(database.toString()).doesNotContain("postgres");
    } finally {
      database.close();
    }
    assertThat(((HikariDataSource) database.dataSource()).isClosed()).isTrue();
  }

  @Test
  void h2KeepsItsEmbeddedPool() {
    Database database = new Database("jdbc:h2:mem:database-test");
    try {
      assertThat(database.dataSource()).isInstanceOf(JdbcConnectionPool.class);
    } finally {
      database.close();
    }
  }
}
