package dev.backroom.hub.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.sync.wire.TelemetryBatch;
import dev.backroom.sync.wire.TelemetryMessage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Crash safety with a real process halt: verifies that every message whose PUBACK was released
 * is in H2 after the writer's JVM dies abruptly right after releasing it, and that a batch cut
 * just before a halt is intact as the pending batch with its sequence taken and its rows out of
 * the outbox (below the watermark, deleted by the cleanup after the restart).
 */
class OutboxCrashTest {
  record Case(String name, int messages, int haltAfterAcks) {}

  static Stream<Case> halts() {
    return Stream.of(new Case("first ack", 5_000, 1), new Case("mid burst", 5_000, 2_345),
        new Case("late", 20_000, 19_000));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("halts")
  void everyAcknowledgedMessageSurvivesAHaltRightAfterItsAck(Case c) throws Exception {
    String url = freshDb(c.name());
    List<String> lines = runChild(url, "write", String.valueOf(c.messages()),
        String.valueOf(c.haltAfterAcks()));
    Set<Long> acked = new HashSet<>();
    lines.stream().filter(l -> l.startsWith("ACK ")).forEach(l -> acked.add(Long.valueOf(l.substring(4))));
    assertTrue(acked.size() >= c.haltAfterAcks(), "acks seen: " + acked.size());
    Set<Long> stored = new HashSet<>();
    try (Connection conn = DriverManager.getConnection(url, "backroom", "");
        ResultSet rs = conn.createStatement().executeQuery("select payload from telemetry_outbox")) {
      while (rs.next()) {
        stored.add(id(new String(rs.getBytes(1))));
      }
    }
    Set<Long> lost = new HashSet<>(acked);
    lost.removeAll(stored);
    assertEquals(Set.of(), lost, "acknowledged but lost");
  }

  @ParameterizedTest(name = "cut of {0} messages")
  @MethodSource("cutSizes")
  void batchCutBeforeAHalt_isPendingWithItsRowsRemovedAndItsSequenceTaken(int messages)
      throws Exception {
    String url = freshDb("cut" + messages);
    List<String> lines = runChild(url, "cut", String.valueOf(messages));
    String cut = lines.stream().filter(l -> l.startsWith("CUT ")).findFirst().orElseThrow();
    assertEquals("CUT 1 " + messages / 2, cut);
    try (Connection conn = DriverManager.getConnection(url, "backroom", "")) {
      OutboxStore.Pending p = OutboxStore.pending(conn).orElseThrow();
      TelemetryBatch batch = BatchCutter.decode(p.body());
      assertEquals(1, batch.sequence());
      assertEquals(2, OutboxStore.nextSequence(conn));
      List<String> payloads = new ArrayList<>();
      for (TelemetryMessage m : batch.messages()) {
        payloads.add("m" + id(m.payload()));
      }
      List<String> rest = live(conn);
      List<String> all = new ArrayList<>(payloads);
      all.addAll(rest);
      List<String> expected = new ArrayList<>();
      for (int i = 1; i <= messages; i++) {
        expected.add("m" + i);
      }
      assertEquals(expected, all, "each message exactly once: in the pending batch or the outbox");
      assertEquals(p.lastOutboxId(), OutboxStore.cutThrough(conn), "the watermark moved with the cut");

      // The restart: the ledger counts only the outbox proper, and the cleanup deletes the dead
      // rows without touching a live one.
      OutboxLedger ledger = new OutboxLedger();
      OutboxStore.Loaded loaded = OutboxStore.load(conn, ledger);
      assertEquals(messages - messages / 2, ledger.totalMessages());
      assertTrue(loaded.maxId() >= messages, "new ids continue above every stored one");
      var ds = new org.h2.jdbcx.JdbcDataSource();
      ds.setURL(conn.getMetaData().getURL());
      ds.setUser("backroom");
      OutboxCleanup cleanup = new OutboxCleanup(ds, ledger, messages, 0);
      cleanup.resumeAfter(loaded.deletedThrough());
      while (ledger.deadRows() > 0) {
        assertTrue(cleanup.overdue(), "no dead row is allowed here");
        cleanup.step();
      }
      assertEquals(rest, live(conn));
      assertEquals(rest.size(), count(conn), "only live rows are left");
    }
  }

  private static List<String> live(Connection conn) throws Exception {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = conn.createStatement().executeQuery("select payload from telemetry_outbox"
        + " where id > (select cut_through from telemetry_upload where id = 1) order by id")) {
      while (rs.next()) {
        out.add("m" + id(new String(rs.getBytes(1))));
      }
    }
    return out;
  }

  private static long count(Connection conn) throws Exception {
    try (ResultSet rs = conn.createStatement().executeQuery("select count(*) from telemetry_outbox")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long id(String payload) {
    return Long.parseLong(payload.substring(1, payload.indexOf(':')));
  }

  static Stream<Integer> cutSizes() {
    return Stream.of(10, 3_000);
  }

  private static String freshDb(String name) throws Exception {
    Path dir = Path.of("target", "crash-test", name.replace(' ', '-'));
    if (Files.exists(dir)) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
    }
    Files.createDirectories(dir);
    return "jdbc:h2:file:" + dir.toAbsolutePath().resolve("hub") + ";DB_CLOSE_ON_EXIT=FALSE";
  }

  private static List<String> runChild(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), OutboxCrashChild.class.getName()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
      for (String l = r.readLine(); l != null; l = r.readLine()) {
        lines.add(l);
      }
    }
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child did not end");
    assertEquals(0, p.exitValue(), "child output: " + lines.stream().filter(l -> !l.startsWith("ACK"))
        .limit(40).toList());
    return lines;
  }
}
