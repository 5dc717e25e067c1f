package dev.backroom.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.backroom.jdbc.Jdbc.StoreException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The helper against a real H2 database (a fresh in-memory one per test). */
class JdbcTest {
  private static final String DUPLICATE_KEY = "23505";

  private Jdbc jdbc;

  @BeforeEach
  void database() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:jdbc-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    jdbc = new Jdbc(ds);
    jdbc.update("create table item (id varchar(64) primary key, at timestamp, n bigint)");
  }

  private List<String> ids() {
    return jdbc.query("select id from item order by id", rs -> rs.getString(1));
  }

  @Test
  void parameters_areBound_neverPartOfTheSql() {
    String hostile = "x'); drop table item; --";
    assertEquals(1, jdbc.update("insert into item (id) values (?)", hostile));
    assertEquals(List.of(hostile), ids());
  }

  @Test
  void instantsAndNulls_roundTrip() {
    Instant at = Instant.parse("2026-03-01T10:15:30.123Z");
    jdbc.update("insert into item (id, at, n) values (?, ?, ?)", "a", at, 7L);
    jdbc.update("insert into item (id, at, n) values (?, ?, ?)", "b", null, null);
    record Row(Instant at, Long n) {}
    Jdbc.RowMapper<Row> row = rs -> new Row(Jdbc.instant(rs, "at"), Jdbc.longOrNull(rs, "n"));
    assertEquals(Optional.of(new Row(at, 7L)),
        jdbc.queryOne("select at, n from item where id = ?", row, "a"));
    Row b = jdbc.queryOne("select at, n from item where id = ?", row, "b").orElseThrow();
    assertNull(b.at());
    assertNull(b.n());
  }

  @Test
  void queryOne_isEmpty_forNoRowAndForANullValue() {
    jdbc.update("insert into item (id) values (?)", "a");
    assertEquals(Optional.empty(),
        jdbc.queryOne("select id from item where id = ?", rs -> rs.getString(1), "none"));
    assertEquals(Optional.empty(),
        jdbc.queryOne("select n from item where id = ?", rs -> Jdbc.longOrNull(rs, "n"), "a"));
  }

  @Test
  void batch_writesEveryRow_andNothingForNoRows() {
    jdbc.batch("insert into item (id) values (?)", List.of());
    assertEquals(List.of(), ids());
    jdbc.batch("insert into item (id, n) values (?, ?)",
        List.of(new Object[] {"a", 1L}, new Object[] {"b", null}));
    assertEquals(List.of("a", "b"), ids());
  }

  @Test
  void sqlFailure_isAStoreException_carryingTheDriversSqlState() {
    jdbc.update("insert into item (id) values (?)", "a");
    StoreException e = assertThrows(StoreException.class,
        () -> jdbc.update("insert into item (id) values (?)", "a"));
    assertEquals(DUPLICATE_KEY, assertInstanceOf(SQLException.class, e.getCause()).getSQLState());
  }

  @Test
  void transaction_commitsAllOfItsWork() {
    String result = jdbc.inTransaction(() -> {
      jdbc.update("insert into item (id) values (?)", "a");
      jdbc.update("insert into item (id) values (?)", "b");
      return "done";
    });
    assertEquals("done", result);
    assertEquals(List.of("a", "b"), ids());
  }

  @Test
  void runtimeException_rollsBack_andIsRethrownAsItIs() {
    IllegalStateException thrown = new IllegalStateException("refused by the caller");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> jdbc.inTransaction(() -> {
          jdbc.update("insert into item (id) values (?)", "a");
          throw thrown;
        }));
    assertSame(thrown, e);
    assertEquals(List.of(), ids());
  }

  @Test
  void sqlExceptionFromTheWork_rollsBack_asAStoreException() {
    StoreException e = assertThrows(StoreException.class, () -> jdbc.inTransaction(() -> {
      jdbc.update("insert into item (id) values (?)", "a");
      throw new SQLException("lock timeout", "HYT00");
    }));
    assertEquals("HYT00", ((SQLException) e.getCause()).getSQLState());
    assertEquals(List.of(), ids());
  }

  @Test
  void nestedTransaction_joinsTheOuter_andRollsBackWithIt() {
    assertThrows(StoreException.class, () -> jdbc.inTransaction(() -> {
      jdbc.inTransaction(() -> jdbc.update("insert into item (id) values (?)", "inner"));
      return jdbc.update("insert into item (id) values (?)", "inner");
    }));
    assertEquals(List.of(), ids());
  }

  /** Verifies that the transaction's connection is its thread's: others do not see its writes. */
  @Test
  void otherThreads_doNotSeeUncommittedWork() {
    List<String> seenElsewhere = jdbc.inTransaction(() -> {
      jdbc.update("insert into item (id) values (?)", "a");
      assertEquals(List.of("a"), ids());
      return CompletableFuture.supplyAsync(this::ids).join();
    });
    assertEquals(List.of(), seenElsewhere);
    assertEquals(List.of("a"), ids());
  }

  /** A data source whose first connection belongs to a database H2 closed after a failed write. */
  private static javax.sql.DataSource closedOnce(JdbcDataSource real, int[] taken) {
    return (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(
        JdbcTest.class.getClassLoader(), new Class<?>[] {javax.sql.DataSource.class},
        (proxy, method, args) -> {
          if (method.getName().equals("getConnection") && taken[0]++ == 0) {
            throw new SQLException("The database has been closed", "90098", 90098);
          }
          return method.invoke(real, args);
        });
  }

  @Test
  void readOutsideATransaction_meetingAClosedDatabase_isTriedOnceMoreOnAFreshConnection() {
    JdbcDataSource real = new JdbcDataSource();
    real.setURL("jdbc:h2:mem:jdbc-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    new Jdbc(real).update("create table item (id varchar(64) primary key)");
    new Jdbc(real).update("insert into item (id) values ('a')");
    List<StoreException> seen = new java.util.ArrayList<>();
    int[] taken = {0};
    Jdbc retrying = new Jdbc(closedOnce(real, taken), seen::add);

    assertEquals(List.of("a"), retrying.query("select id from item", rs -> rs.getString(1)));
    assertEquals(2, taken[0], "connections taken");
    assertEquals(1, seen.size(), "failures reported");
    assertEquals(Optional.of(StorageFailure.UNAVAILABLE), StorageFailure.of(seen.get(0)));
  }

  @Test
  void writeMeetingAClosedDatabase_isNotRetried_andReachesTheListenerAndTheCaller() {
    JdbcDataSource real = new JdbcDataSource();
    real.setURL("jdbc:h2:mem:jdbc-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    new Jdbc(real).update("create table item (id varchar(64) primary key)");
    List<StoreException> seen = new java.util.ArrayList<>();
    Jdbc jdbc = new Jdbc(closedOnce(real, new int[] {0}), seen::add);

    StoreException e = assertThrows(StoreException.class,
        () -> jdbc.inTransaction(() -> jdbc.update("insert into item (id) values ('a')")));
    assertEquals(List.of(e), seen);
    assertEquals(List.of(), new Jdbc(real).query("select id from item", rs -> rs.getString(1)));
  }

  @Test
  void failureInATransaction_isReportedOnce_evenWhenTheRollbackFailsToo() {
    List<StoreException> seen = new java.util.ArrayList<>();
    JdbcDataSource real = new JdbcDataSource();
    real.setURL("jdbc:h2:mem:jdbc-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    Jdbc jdbc = new Jdbc(real, seen::add);
    jdbc.update("create table item (id varchar(64) primary key)");

    StoreException e = assertThrows(StoreException.class, () -> jdbc.inTransaction(() -> {
      jdbc.update("insert into item (id) values ('a')");
      return jdbc.update("insert into item (id) values ('a')");
    }));
    assertEquals(DUPLICATE_KEY, ((SQLException) e.getCause()).getSQLState());
    assertEquals(List.of(e), seen);
    assertEquals(List.of(), jdbc.query("select id from item", rs -> rs.getString(1)));
  }

  @Test
  void afterCommit_runsOnceCommitted_seesTheRows_neverAfterARollback() {
    List<List<String>> seen = new java.util.ArrayList<>();
    jdbc.inTransaction(() -> {
      jdbc.update("insert into item (id) values (?)", "a");
      jdbc.afterCommit(() -> seen.add(
          CompletableFuture.supplyAsync(this::ids).join())); // another connection
      jdbc.inTransaction(() -> jdbc.update("insert into item (id) values (?)", "b"));
      assertEquals(List.of(), seen, "not before the commit");
      return null;
    });
    assertEquals(List.of(List.of("a", "b")), seen);

    assertThrows(IllegalStateException.class, () -> jdbc.inTransaction(() -> {
      jdbc.update("insert into item (id) values (?)", "c");
      jdbc.afterCommit(() -> seen.add(List.of("rolled back")));
      throw new IllegalStateException("abort");
    }));
    jdbc.inTransaction(() -> jdbc.update("insert into item (id) values (?)", "d"));
    assertEquals(1, seen.size(), "a rolled back transaction's hook never runs, nor later");

    jdbc.afterCommit(() -> seen.add(List.of("no transaction")));
    assertEquals(List.of("no transaction"), seen.get(1), "outside a transaction: at once");
  }
}
