package dev.backroom.hub.telemetry;

import dev.backroom.jdbc.Jdbc;
import dev.backroom.sync.batch.Gzip;
import dev.backroom.sync.batch.TelemetryBatchWriter;
import dev.backroom.sync.wire.SyncJson;
import dev.backroom.sync.wire.TelemetryBatch;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Turns the oldest outbox rows into the next upload batch. Runs on the writer thread (see
 * {@link OutboxWriter#submit}), so it never races eviction.
 *
 * <p>Crash safety: the batch body, its sequence, the sequence counter, the watermark that takes
 * its rows out of the outbox and the "reported" marks of the drop counters it carries are one
 * transaction, made durable before the first send. So after a kill at any point either the rows
 * are still in the outbox and no batch has that sequence, or the pending batch holds them and is
 * resent byte for byte: nothing is lost, and a sequence never names two different batches. The
 * rows themselves are deleted later ({@link OutboxCleanup}); until then they sit below the
 * watermark, where no cut, eviction or count looks.
 */
final class BatchCutter {
  private final DataSource dataSource;
  private final Clock clock;
  private final OutboxLedger ledger;
  private final int maxMessages;
  private final long maxBytes;
  private final int gzipLevel;

  BatchCutter(DataSource dataSource, Clock clock, OutboxLedger ledger, int maxMessages,
      long maxBytes, int gzipLevel) {
    this.dataSource = dataSource;
    this.clock = clock;
    this.ledger = ledger;
    this.maxMessages = maxMessages;
    this.maxBytes = maxBytes;
    this.gzipLevel = gzipLevel;
  }

  /** The oldest pending batch if there is one, else a new one cut now; empty when nothing to send. */
  Optional<OutboxStore.Pending> pendingOrCut() throws SQLException {
    return inTransaction(c -> {
      Optional<OutboxStore.Pending> existing = OutboxStore.pending(c);
      return existing.isPresent() ? existing : cut(c);
    });
  }

  /**
   * Cuts the batch after {@code sequence} unless it exists already, so that it is ready the moment
   * the cloud acknowledges {@code sequence}: the hub cuts while the cloud stores. Sequences stay
   * gapless because batches are still sent one at a time, oldest first.
   */
  void cutAhead(long sequence) throws SQLException {
    inTransaction(c -> OutboxStore.hasPendingAfter(c, sequence) ? Optional.empty() : cut(c));
  }

  private interface Work {
    Optional<OutboxStore.Pending> run(Connection c) throws SQLException;
  }

  private Optional<OutboxStore.Pending> inTransaction(Work work) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        Optional<OutboxStore.Pending> p = work.run(c);
        c.commit();
        if (p.isPresent()) {
          // Durable before the uploader may send it; if this fails the batch is not handed out.
          OutboxStore.checkpoint(c);
        }
        return p;
      } catch (SQLException | RuntimeException e) {
        Jdbc.rollbackAfter(c, e);
        throw e;
      }
    }
  }

  /** Cuts the next batch in {@code c}'s transaction; the ledger moves only once it commits. */
  private Optional<OutboxStore.Pending> cut(Connection c) throws SQLException {
    List<OutboxStore.Row> rows = OutboxStore.oldest(c, ledger.cutThrough(), maxMessages, maxBytes);
    List<OutboxLedger.Unreported> drops = ledger.unreported();
    if (rows.isEmpty() && drops.isEmpty()) {
      return Optional.empty();
    }
    long sequence = OutboxStore.nextSequence(c);
    long lastId = rows.isEmpty() ? 0 : rows.get(rows.size() - 1).id();
    OutboxStore.Pending p = new OutboxStore.Pending(sequence,
        TelemetryBatches.write(sequence, rows, drops, gzipLevel), rows.size(), lastId);
    OutboxStore.savePending(c, p, clock.instant());
    OutboxStore.saveDrops(c, drops.stream().map(d ->
        new OutboxLedger.Unreported(d.stream(), d.reason(), d.dropped(), d.dropped())).toList());
    c.commit();
    Map<String, long[]> left = new HashMap<>();
    for (OutboxStore.Row r : rows) {
      long[] t = left.computeIfAbsent(r.stream(), st -> new long[2]);
      t[0]++;
      t[1] += r.bytes();
    }
    left.forEach((stream, t) -> ledger.queued(stream, -t[0], -t[1]));
    ledger.markReported(drops);
    ledger.cutThrough(lastId);
    return Optional.of(p);
  }

  /** The cloud acknowledged {@code sequence}: the batch is gone for good. */
  void delivered(long sequence) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true);
      OutboxStore.deletePending(c, sequence);
    }
  }

  /** The body the cutter stores for {@code batch} (at gzip level 1). */
  static byte[] encode(TelemetryBatch batch) {
    return TelemetryBatchWriter.write(batch, 1);
  }

  /** The batch a stored body holds; bodies are ours, so a failure here is a bug, not input. */
  static TelemetryBatch decode(byte[] body) {
    return SyncJson.read(Gzip.decompress(body, 64L << 20), TelemetryBatch.class);
  }
}
