package dev.backroom.hub.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.hub.store.StorageHealth;
import dev.backroom.jdbc.StorageFailure;
import dev.backroom.sync.outbox.StreamPolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox writer on real H2 whose disk fills up and is freed again ({@link FillableFilePath}):
 * H2 closes its database at the first refused write, as on a real full disk. Verifies that
 * nothing is acknowledged that is not stored, that the writer recovers by itself once the disk
 * has room, and that its in-memory ledger then matches what H2 holds.
 */
class OutboxStorageFailureTest {
  @TempDir Path dir;

  /** The acknowledgements of one client connection. */
  static final class RecordingAcks implements OutboxWriter.Acks {
    final List<Integer> acked = new ArrayList<>();
    int failed;

    @Override
    public synchronized void acknowledge(int[] messageIds, int n) {
      for (int i = 0; i < n; i++) {
        acked.add(messageIds[i]);
      }
    }

    @Override
    public synchronized void fail() {
      failed++;
    }

    synchronized int ackedCount() {
      return acked.size();
    }

    synchronized int failedCount() {
      return failed;
    }
  }

  private static void publish(OutboxWriter writer, RecordingAcks acks, int from, int to) {
    for (int i = from; i <= to; i++) {
      assertTrue(writer.offer(new OutboxWriter.Inbound(i % 2 == 0 ? "even" : "odd",
          ("m" + i).getBytes(), acks, i)), "queued " + i);
    }
  }

  private static void await(String what, BooleanSupplier condition) {
    org.awaitility.Awaitility.await(what).atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(20)).until(condition::getAsBoolean);
  }

  @Test
  void fullDisk_acknowledgesNothing_recoversByItself_ledgerMatchesH2() throws Exception {
    FillableFilePath.register();
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:fillable:" + dir.resolve("hub") + ";WRITE_DELAY=0");
    ds.setUser("backroom");
    ds.setPassword("");
    Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    OutboxLedger ledger = new OutboxLedger();
    StorageHealth health = new StorageHealth(Clock.systemUTC());
    // Held open as the hub's pool holds connections: it is the one H2's close leaves dead.
    try (Connection held = ds.getConnection()) {
      OutboxWriter writer = new OutboxWriter(ds, Clock.systemUTC(), StreamPolicy.Table.DEFAULTS,
          1L << 30, 1_000, ledger, new TelemetryMetrics(new SimpleMeterRegistry(), ledger),
          10_000, 40_000, health);
      writer.start();
      RecordingAcks acks = new RecordingAcks();
      try {
        publish(writer, acks, 1, 10);
        await("10 acknowledged", () -> acks.ackedCount() == 10);

        FillableFilePath.fill();
        publish(writer, acks, 11, 20);
        await("the connection failed", () -> acks.failedCount() > 0);
        assertEquals(10, acks.ackedCount(), "acknowledged while the disk was full");
        assertTrue(writer.storageFailing(), "the listener is told to refuse connections");
        assertEquals(Optional.of(StorageFailure.FULL), health.state().failure());

        FillableFilePath.free();
        await("the writer tries H2 again", () -> !writer.storageFailing());
        publish(writer, acks, 21, 30);
        await("20 acknowledged", () -> acks.ackedCount() == 20);
        assertFalse(health.state().failing(), "a durable write ends the failure");
      } finally {
        writer.stop();
        FillableFilePath.free();
      }

      List<Integer> expected = new ArrayList<>();
      for (int i = 1; i <= 10; i++) {
        expected.add(i);
      }
      for (int i = 21; i <= 30; i++) {
        expected.add(i);
      }
      assertEquals(expected, acks.acked, "acknowledged, in order");
      try (Connection c = ds.getConnection()) {
        for (String stream : List.of("odd", "even")) {
          List<String> stored = new ArrayList<>();
          List<Long> seqs = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement("select payload, seq from"
              + " telemetry_outbox where stream = ? order by id")) {
            ps.setString(1, stream);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                stored.add(new String(rs.getBytes(1)));
                seqs.add(rs.getLong(2));
              }
            }
          }
          List<String> ackedHere = expected.stream()
              .filter(i -> (i % 2 == 0) == stream.equals("even")).map(i -> "m" + i).toList();
          assertTrue(stored.containsAll(ackedHere), stream + ": every acknowledged message"
              + " stored: " + stored);
          for (int i = 0; i < seqs.size(); i++) {
            assertEquals(i + 1L, seqs.get(i), stream + " seqs gapless: " + seqs);
          }
        }
        OutboxLedger fromH2 = new OutboxLedger();
        OutboxStore.load(c, fromH2);
        assertEquals(fromH2.snapshot(), ledger.snapshot(), "the ledger after recovery vs H2");
        assertEquals(fromH2.totalBytes(), ledger.totalBytes());
      }
    }
  }

  /**
   * The disk under its low-water mark: the writer refuses (nothing acknowledged, counted as
   * disk_low) without writing to H2, which stays open; with room again it takes messages again.
   */
  @Test
  void diskUnderTheLowWaterMark_refusesWithoutWriting_andTakesAgainWithRoom() throws Exception {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:file:" + dir.resolve("low") + ";WRITE_DELAY=0");
    ds.setUser("backroom");
    ds.setPassword("");
    Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    java.util.concurrent.atomic.AtomicLong free = new java.util.concurrent.atomic.AtomicLong(
        100L << 20);
    StorageHealth health = new StorageHealth(Clock.systemUTC(),
        new dev.backroom.hub.store.DiskSpace(free::get, 32L << 20));
    OutboxLedger ledger = new OutboxLedger();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    OutboxWriter writer = new OutboxWriter(ds, Clock.systemUTC(), StreamPolicy.Table.DEFAULTS,
        1L << 30, 1_000, ledger, new TelemetryMetrics(registry, ledger), 10_000, 40_000, health);
    writer.start();
    RecordingAcks acks = new RecordingAcks();
    try {
      publish(writer, acks, 1, 10);
      await("10 acknowledged", () -> acks.ackedCount() == 10);

      free.set(1L << 20);
      publish(writer, acks, 11, 20);
      await("refused", () -> acks.failedCount() > 0);
      assertEquals(10, acks.ackedCount(), "acknowledged while the disk was low");
      assertEquals("disk_low", writer.refusal(), "the listener is told to refuse connections");
      assertFalse(health.state().failing(), "no write failed: H2 was not asked");
      assertEquals(10, ledger.totalMessages(), "nothing stored while low");
      assertTrue(registry.find(TelemetryMetrics.REJECTED).tag("reason", "disk_low")
          .counters().stream().mapToDouble(c -> c.count()).sum() >= 1, "counted as disk_low");

      free.set(36L << 20); // above the mark, but not by the quarter the disk must clear
      assertEquals("disk_low", writer.refusal());
      publish(writer, acks, 21, 21);
      await("still refused", () -> acks.failedCount() > 1);

      // Uploads cut what the outbox held (as BatchCutter accounts it): H2 has that room inside
      // its file, which the disk's free space does not show, so while the disk stays low the
      // outbox refills up to the size it had when the disk went low, and no further.
      long held = ledger.totalBytes();
      ledger.queued("even", -5, -held);
      assertEquals(null, writer.refusal(), "room inside H2's file: connections taken");
      publish(writer, acks, 22, 23);
      await("taken within the outbox's size at the mark", () -> acks.ackedCount() == 12);
      ledger.queued("odd", 0, held - ledger.totalBytes()); // back at the size it had
      assertEquals("disk_low", writer.refusal(), "no room left within that size");
      int failedBefore = acks.failedCount();
      publish(writer, acks, 24, 24);
      await("refused again", () -> acks.failedCount() > failedBefore);

      free.set(41L << 20);
      // A publisher's next connect is what reads the disk again, with nothing else writing.
      assertEquals(null, writer.refusal(), "the listener takes connections again");
      publish(writer, acks, 25, 30);
      await("taken again", () -> acks.ackedCount() == 18);
    } finally {
      writer.stop();
    }
  }
}
