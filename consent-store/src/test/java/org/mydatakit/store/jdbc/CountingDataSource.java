package org.mydatakit.store.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A data source that counts what a store does with it — connections taken, commits, rollbacks,
 * statements executed — and can make the N-th statement fail as a cut connection would (SQL state
 * 08006), to prove that an operation cut half-way leaves nothing behind.
 */
final class CountingDataSource extends AbstractDataSource {
  private static final Set<String> EXECUTIONS =
      Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate", "executeBatch");

  private final DataSource target;
  final AtomicInteger connections = new AtomicInteger();
  final AtomicInteger commits = new AtomicInteger();
  final AtomicInteger rollbacks = new AtomicInteger();
  final AtomicInteger statements = new AtomicInteger();
  private volatile int failAt; // 0: never

  CountingDataSource(DataSource target) {
    this.target = target;
  }

  /** Zeroes the counters and stops injecting failures. */
  void reset() {
    connections.set(0);
    commits.set(0);
    rollbacks.set(0);
    statements.set(0);
    failAt = 0;
  }

  /** From now on, the {@code n}-th statement executed (counting from 1) fails. */
  void failStatement(int n) {
    statements.set(0);
    failAt = n;
  }

  @Override
  public Connection getConnection() throws SQLException {
    connections.incrementAndGet();
    Connection connection = target.getConnection();
    return (Connection)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {Connection.class},
            new ConnectionHandler(connection));
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    throw new SQLException("not supported");
  }

  private final class ConnectionHandler implements InvocationHandler {
    private final Connection connection;

    ConnectionHandler(Connection connection) {
      this.connection = connection;
    }

    @Override
    public Object invoke(Object proxy, java.lang.reflect.Method method, Object[] args)
        throws Throwable {
      switch (method.getName()) {
        case "commit" -> commits.incrementAndGet();
        case "rollback" -> {
          if (args == null) {
            rollbacks.incrementAndGet();
          }
        }
        default -> {}
      }
      Object result = call(connection, method, args);
      if (result instanceof PreparedStatement statement) {
        return wrap(statement, PreparedStatement.class);
      }
      if (result instanceof Statement statement) {
        return wrap(statement, Statement.class);
      }
      return result;
    }
  }

  private <T extends Statement> Object wrap(T statement, Class<T> type) {
    return Proxy.newProxyInstance(
        getClass().getClassLoader(),
        new Class<?>[] {type},
        (proxy, method, args) -> {
          if (EXECUTIONS.contains(method.getName())) {
            int n = statements.incrementAndGet();
            if (n == failAt) {
              throw new SQLException("injected: connection cut", "08006");
            }
          }
          return call(statement, method, args);
        });
  }

  private static Object call(Object target, java.lang.reflect.Method method, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
