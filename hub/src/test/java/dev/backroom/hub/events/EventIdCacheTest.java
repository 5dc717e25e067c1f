package dev.backroom.hub.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V23 on a real H2 file with the hub's migrations and its write settings: event ids come from a
 * sequence cached 1,000 at a time (persisted 10 times, not 313, for a pass's 10,000 events), and
 * after a crash ids go on increasing, above every id handed out before it, which is what the
 * sync's cursor over events needs.
 */
class EventIdCacheTest {
  @TempDir Path dir;

  @Test
  void eventIds_cached_andIncreasingAcrossACrash() throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("hub") + ";WRITE_DELAY=0";
    Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").load()
        .migrate();
    long before;
    try (Connection c = DriverManager.getConnection(url, "sa", "")) {
      try (ResultSet rs = c.createStatement().executeQuery("select identity_cache from"
          + " information_schema.columns where table_name = 'EVENTS' and column_name = 'EVENT_ID'")) {
        assertTrue(rs.next());
        assertEquals(1000, rs.getLong(1));
      }
      c.setAutoCommit(false);
      insert(c, 50);
      c.commit();
      before = maxId(c);
      assertEquals(50, before);
      // SHUTDOWN IMMEDIATELY closes the database without writing anything more, as a kill -9.
      try (Statement s = c.createStatement()) {
        s.execute("shutdown immediately");
      }
    }
    try (Connection c = DriverManager.getConnection(url, "sa", "")) {
      assertEquals(before, maxId(c), "the committed events survived");
      insert(c, 1);
      assertTrue(maxId(c) > before, "a new id after the crash is above every earlier one");
    }
  }

  private static void insert(Connection c, int n) throws Exception {
    try (PreparedStatement ps = c.prepareStatement("insert into events (at, kind, actor, origin,"
        + " message) values (?, 'task-placed', 'hub', 'system', 'm')")) {
      for (int i = 0; i < n; i++) {
        ps.setTimestamp(1, Timestamp.from(Instant.now()));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static long maxId(Connection c) throws Exception {
    try (ResultSet rs = c.createStatement().executeQuery("select max(event_id) from events")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
