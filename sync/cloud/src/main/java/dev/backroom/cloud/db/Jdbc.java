package dev.backroom.cloud.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Plain JDBC with explicit transactions. Every write path of the cloud is one
 * {@link #inTransaction} that first locks the rows it depends on ({@code SELECT ... FOR UPDATE},
 * which H2 and PostgreSQL both honour), so several instances on one database stay consistent.
 */
public final class Jdbc {
  private final DataSource dataSource;
  private final ThreadLocal<Connection> current = new ThreadLocal<>();

  public Jdbc(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @FunctionalInterface
  public interface Work<T> {
    T run() throws SQLException;
  }

  @FunctionalInterface
  public interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  /** Runs {@code work} in one transaction; nested calls join the outer one. */
  public <T> T inTransaction(Work<T> work) {
    if (current.get() != null) {
      return call(work);
    }
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      current.set(c);
      try {
        T result = work.run();
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        if (e instanceof RuntimeException r) {
          throw r;
        }
        throw new StoreException((SQLException) e);
      } finally {
        current.remove();
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreException(e);
    }
  }

  public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
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

  public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) {
    List<T> rows = query(sql, mapper, params);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  public int update(String sql, Object... params) {
    return withConnection(c -> {
      try (PreparedStatement ps = prepare(c, sql, params)) {
        return ps.executeUpdate();
      }
    });
  }

  /** Runs one statement per parameter row as a JDBC batch. */
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

  private <T> T call(Work<T> work) {
    try {
      return work.run();
    } catch (SQLException e) {
      throw new StoreException(e);
    }
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
      throw new StoreException(e);
    }
  }

  private static PreparedStatement prepare(Connection c, String sql, Object[] params)
      throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    bind(ps, params);
    return ps;
  }

  private static void bind(PreparedStatement ps, Object[] params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      Object p = params[i];
      if (p == null) {
        ps.setNull(i + 1, java.sql.Types.NULL);
      } else if (p instanceof String s) {
        ps.setString(i + 1, s);
      } else {
        ps.setObject(i + 1, p);
      }
    }
  }

  /** Reads a nullable BIGINT. */
  public static Long longOrNull(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }
}
