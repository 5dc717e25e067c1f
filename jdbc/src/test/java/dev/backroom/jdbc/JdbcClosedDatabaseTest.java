package dev.backroom.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.jdbc.Jdbc.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Jdbc#inTransaction} on H2 in file mode when H2 closes its database under a transaction
 * in flight: another connection's write is refused by a full disk ({@link FullDiskFilePath}).
 * Replays what left the hub's telemetry writer spinning for ever after a full disk (FullDiskIT):
 * the transaction had read, so H2 held it open; its next write failed (database closed); the
 * ROLLBACK that followed failed after H2 had ended the transaction, released its version hold a
 * second time, and the autocommit reset after it never returned. Verifies that the transaction
 * now fails at once as a storage failure and that, once the disk has room, the next one commits.
 */
class JdbcClosedDatabaseTest {
  @TempDir Path dir;

  @AfterEach
  void free() {
    FullDiskFilePath.free();
  }

  @Test
  void databaseClosedUnderATransaction_failsAsAStorageFailure_withoutHanging_thenRecovers()
      throws Exception {
    FullDiskFilePath.register();
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:fulldisk:" + dir.resolve("db") + ";WRITE_DELAY=0");
    Jdbc jdbc = new Jdbc(ds);
    jdbc.update("create table item (id varchar(64) primary key)");
    jdbc.update("insert into item (id) values (?)", "before");

    // Sessions of the database as it is before the disk fills, as a pool holds them.
    try (Connection other = ds.getConnection(); Connection idle = ds.getConnection()) {
      StoreException e = assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
          assertThrows(StoreException.class, () -> jdbc.inTransaction(() -> {
            // A read: H2 now holds a transaction for this session.
            assertEquals(List.of("before"), ids(jdbc));
            FullDiskFilePath.fill();
            SQLException refused = assertThrows(SQLException.class,
                () -> insert(other, "other"));
            assertEquals(Optional.of(StorageFailure.FULL), StorageFailure.of(refused),
                "H2 refused the other write: " + refused);
            // What the pool does with a connection its validation finds dead; it also takes
            // the error H2 keeps for the next commit or rollback, as a pool's close did in the
            // hub, so the rollback below gets past it.
            closeQuietly(idle);
            return jdbc.update("insert into item (id) values (?)", "mine");
          })), "the transaction ended (the hub's writer spun here for ever)");
      assertTrue(StorageFailure.of(e).isPresent(), "a storage failure: " + e);
    }

    FullDiskFilePath.free();
    jdbc.inTransaction(() -> jdbc.update("insert into item (id) values (?)", "after"));
    assertEquals(List.of("after", "before"), ids(jdbc),
        "nothing of the failed transaction or the refused write, the new one committed");
  }

  private static List<String> ids(Jdbc jdbc) {
    return jdbc.query("select id from item order by id", rs -> rs.getString(1));
  }

  private static void insert(Connection c, String id) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.executeUpdate("insert into item (id) values ('" + id + "')");
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      // H2 reports the failed write here too; the session is gone all the same
    }
  }
}
