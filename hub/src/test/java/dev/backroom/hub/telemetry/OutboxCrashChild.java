package dev.backroom.hub.telemetry;

import dev.backroom.hub.store.StorageHealth;
import dev.backroom.sync.outbox.StreamPolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.time.Clock;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The child process of {@link OutboxCrashTest}: runs the real writer (and cutter) on an H2 file
 * with the hub's migrations, prints each acknowledged message id the moment its PUBACK would be
 * sent, and halts the JVM abruptly (no shutdown hooks, no H2 close: what kill -9 leaves).
 *
 * <p>Arguments: {@code <jdbc-url> write <messages> <halt-after-acks>} or
 * {@code <jdbc-url> cut <messages>} (store and acknowledge all, cut one batch, halt).
 */
public final class OutboxCrashChild {
  private OutboxCrashChild() {}

  /** "m{i}:" padded to 200 bytes, the benchmark's message size. */
  static byte[] payload(int i) {
    String head = "m" + i + ":";
    return (head + "x".repeat(200 - head.length())).getBytes();
  }

  public static void main(String[] args) throws Exception {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL(args[0]);
    ds.setUser("backroom");
    ds.setPassword("");
    Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    // Held open for the child's life, as the hub's connection pool does. Without it H2 closes,
    // and so flushes, the database whenever the writer returns its connection, which would hide
    // exactly the loss this test is about.
    java.sql.Connection pooled = ds.getConnection();
    PrintStream out = System.out;
    int messages = Integer.parseInt(args[2]);
    int haltAfter = args[1].equals("write") ? Integer.parseInt(args[3]) : Integer.MAX_VALUE;
    OutboxLedger ledger = new OutboxLedger();
    OutboxWriter writer = new OutboxWriter(ds, Clock.systemUTC(), StreamPolicy.Table.DEFAULTS,
        1L << 30, messages + 10, ledger, new TelemetryMetrics(new SimpleMeterRegistry(), ledger),
        10_000, 40_000, new StorageHealth(Clock.systemUTC()));
    writer.start();
    int[] acked = {0};
    OutboxWriter.Acks acks = new OutboxWriter.Acks() {
      @Override
      public synchronized void acknowledge(int[] ids, int n) {
        for (int i = 0; i < n; i++) {
          out.println("ACK " + ids[i]);
          out.flush();
          if (++acked[0] >= haltAfter) {
            Runtime.getRuntime().halt(0);
          }
        }
      }

      @Override
      public void fail() {
        out.println("FAIL");
        Runtime.getRuntime().halt(3);
      }
    };
    for (int i = 1; i <= messages; i++) {
      String stream = i % 2 == 0 ? "even" : "odd";
      while (!writer.offer(new OutboxWriter.Inbound(stream, payload(i), acks, i))) {
        Thread.onSpinWait();
      }
    }
    if (args[1].equals("cut")) {
      while (acked[0] < messages) {
        Thread.sleep(5);
      }
      BatchCutter cutter = new BatchCutter(ds, Clock.systemUTC(), ledger, messages / 2, 1 << 20, 1);
      OutboxStore.Pending p = writer.submit(cutter::pendingOrCut).get().orElseThrow();
      out.println("CUT " + p.sequence() + " " + p.messages());
      out.flush();
      Runtime.getRuntime().halt(0);
    }
    Thread.sleep(60_000);
    pooled.close();
    Runtime.getRuntime().halt(4); // never reached: the writer halts first
  }
}
