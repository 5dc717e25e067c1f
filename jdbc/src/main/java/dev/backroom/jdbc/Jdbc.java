package dev.backroom.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Thin JDBC helper for the hub (H2) and the cloud (H2 or PostgreSQL): every statement is a
 * PreparedStatement with bound parameters, so no SQL is ever built from input. Calls made inside
 * {@link #inTransaction} on the same thread reuse its connection; outside one, each call takes a
 * connection of its own and commits on its own.
 *
 * <p>Every {@link SQLException} becomes a {@link StoreException} whose cause is the original, so
 * a caller can still tell a duplicate key or a lock timeout by its SQL state. Parameters: null is
 * bound as SQL NULL, an {@link Instant} as a {@link Timestamp}, anything else as the driver maps
 * it.
 *
 * <p>A read outside a transaction that meets a {@link StorageFailure} is tried once more on a
 * fresh connection: H2 closes its database at a failed write, and the connection a read had
 * taken just before is dead while a new one opens the file again.
 */
public class Jdbc {
  private final DataSource dataSource;
  private final Consumer<StoreException> failures;
  private final ThreadLocal<Connection> current = new ThreadLocal<>();
  /** What the current transaction runs once committed (see {@link #afterCommit}). */
  private final ThreadLocal<List<Runnable>> committed = new ThreadLocal<>();

  public Jdbc(DataSource dataSource) {
    this(dataSource, e -> { });
  }

  /** failures sees every StoreException this helper throws, before the caller does. */
  public Jdbc(DataSource dataSource, Consumer<StoreException> failures) {
    this.dataSource = dataSource;
    this.failures = failures;
  }

  @FunctionalInterface
  public interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  @FunctionalInterface
  public interface Work<T> {
    T run() throws SQLException;
  }

  public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
    if (current.get() == null) {
      try {
        return read(sql, mapper, params);
      } catch (StoreException e) {
        if (StorageFailure.of(e).isEmpty()) {
          throw e;
        }
      }
    }
    return read(sql, mapper, params);
  }

  private <T> List<T> read(String sql, RowMapper<T> mapper, Object[] params) {
    return withConnection(c -> {
      try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
        List<T> out = new ArrayList<>();
        while (rs.next()) {
          out.add(mapper.map(rs));
        }
        return out;
      }
    });
  }

  /** The first row's value; empty when there is no row or the mapper made null of it. */
  public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) {
    List<T> rows = query(sql, mapper, params);
    return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.get(0));
  }

  /** The number of rows changed. */
  public int update(String sql, Object... params) {
    return withConnection(c -> {
      try (PreparedStatement ps = prepare(c, sql, params)) {
        return ps.executeUpdate();
      }
    });
  }

  /** Runs one statement for each parameter row, as a JDBC batch; none for no rows. */
  public void batch(String sql, List<Object[]> rows) {
    if (rows.isEmpty()) {
      return;
    }
    withConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (Object[] row : rows) {
          bind(ps, row);
          ps.addBatch();
        }
        return ps.executeBatch().length;
      }
    });
  }

  /**
   * Runs {@code work} in one transaction and returns its result; nested calls join the outer
   * one. Any exception ends it uncommitted ({@link #rollbackAfter}): a RuntimeException is
   * rethrown as it is, an SQLException as a {@link StoreException}.
   */
  public <T> T inTransaction(Work<T> work) {
    if (current.get() != null) {
      return call(work);
    }
    T result;
    List<Runnable> then;
    try {
      result = transaction(work);
      then = committed.get();
    } finally {
      committed.remove(); // a rolled back transaction tells nothing
    }
    if (then != null) {
      then.forEach(Runnable::run);
    }
    return result;
  }

  /**
   * Runs {@code r} once the current transaction has committed, on this thread, outside it; at
   * once when there is none; never when it rolls back. For what tells other threads to look at
   * the rows just written: told before the commit, they would read without them.
   */
  public void afterCommit(Runnable r) {
    if (current.get() == null) {
      r.run();
      return;
    }
    List<Runnable> then = committed.get();
    if (then == null) {
      then = new ArrayList<>();
      committed.set(then);
    }
    then.add(r);
  }

  private <T> T transaction(Work<T> work) {
    Connection c;
    try {
      c = dataSource.getConnection();
    } catch (SQLException e) {
      throw failed(e);
    }
    try (c) {
      c.setAutoCommit(false);
      current.set(c);
      try {
        T result = work.run();
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackAfter(c, e);
        throw e instanceof RuntimeException re ? re : failed((SQLException) e);
      } finally {
        current.remove();
        try {
          c.setAutoCommit(true);
        } catch (SQLException ignored) {
          // a broken connection: the pool validates it before handing it out again
        }
      }
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  /**
   * Ends {@code c}'s transaction after {@code cause}, which the caller goes on to throw: rolls it
   * back, a failing rollback added to {@code cause} as suppressed. After a {@link StorageFailure}
   * nothing is sent: the database itself failed, and the transaction ends when the connection
   * is reset or discarded (a commit the database refuses, or turns into a rollback).
   *
   * <p>Why not roll back anyway: H2 (2.4.240) closes its database at the first write its disk
   * refuses. A ROLLBACK then, on a connection whose transaction began before the close, ends the
   * transaction (releasing its hold on the store's current version), fails when H2 tries to store
   * that, and leaves the ended transaction on the session, whose statement cleanup releases the
   * hold a second time. A closed store never gets a new version, so the count stays at -1, and
   * the next statement on that connection (the pool's autocommit reset, say) spins for ever in
   * {@code MVStore.registerVersionUsage}, as does that of any other session still in a
   * transaction of the closed database. The close already dropped whatever the transaction had
   * not committed, so there is nothing to roll back. On PostgreSQL a failed transaction is
   * aborted and can only end as a rollback.
   */
  public static void rollbackAfter(Connection c, Exception cause) {
    if (StorageFailure.of(cause).isPresent()) {
      return;
    }
    try {
      c.rollback();
    } catch (SQLException r) {
      cause.addSuppressed(r);
    }
  }

  private <T> T call(Work<T> work) {
    try {
      return work.run();
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  private StoreException failed(SQLException e) {
    StoreException s = new StoreException(e);
    failures.accept(s);
    return s;
  }

  private interface ConnectionWork<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T withConnection(ConnectionWork<T> work) {
    Connection tx = current.get();
    try {
      if (tx != null) {
        return work.run(tx);
      }
      try (Connection c = dataSource.getConnection()) {
        return work.run(c);
      }
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  private static PreparedStatement prepare(Connection c, String sql, Object[] params)
      throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    try {
      bind(ps, params);
      return ps;
    } catch (SQLException e) {
      ps.close();
      throw e;
    }
  }

  private static void bind(PreparedStatement ps, Object[] params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      Object p = params[i];
      if (p == null) {
        ps.setNull(i + 1, Types.NULL);
      } else if (p instanceof Instant t) {
        ps.setTimestamp(i + 1, Timestamp.from(t));
      } else {
        ps.setObject(i + 1, p);
      }
    }
  }

  /** Reads a nullable TIMESTAMP. */
  public static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  /** Reads a nullable BIGINT. */
  public static Long longOrNull(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  /**
   * A database failure: never the caller's fault, so the apps answer 500 for it without the
   * SQL, or 503 when it is a {@link StorageFailure}. The cause is the driver's exception.
   */
  public static class StoreException extends RuntimeException {
    public StoreException(SQLException cause) {
      super(cause.getMessage(), cause);
    }
  }
}
