package dev.backroom.hub.telemetry;

import dev.backroom.sync.batch.TelemetryBatchWriter;
import dev.backroom.sync.batch.TelemetryPayload;
import dev.backroom.sync.wire.DropCount;
import dev.backroom.sync.wire.TelemetryBatch;
import dev.backroom.sync.wire.TelemetryMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds upload batches from outbox rows and unreported drop counters. Pure. */
final class TelemetryBatches {
  /** Field names, seq, ts and punctuation of one message in JSON, rounded up. */
  static final int JSON_OVERHEAD = 96;

  private TelemetryBatches() {}

  /**
   * About what a row costs in the batch's JSON, counted as base64 (the larger form) so a batch
   * rather undershoots. Only steers the batch size: batch-max-bytes is a target, not a wire limit.
   */
  static long estimatedJsonBytes(String stream, long payloadBytes) {
    return JSON_OVERHEAD + stream.length() + (payloadBytes + 2) / 3 * 4;
  }

  /**
   * The gzip body of the batch {@link #compute} describes, written row by row in one pass: the
   * form the cutter stores and sends (no message records, no databind).
   */
  static byte[] write(long sequence, List<OutboxStore.Row> rows,
      List<OutboxLedger.Unreported> drops, int gzipLevel) {
    long payloadBytes = 0;
    for (OutboxStore.Row r : rows) {
      payloadBytes += r.payload().length;
    }
    // Size hint: gzip output of sensor JSON is about half its payload bytes plus overhead.
    TelemetryBatchWriter w = TelemetryBatchWriter.start(sequence, gzipLevel,
        (int) Math.min(1 << 24, payloadBytes / 2 + 64L * rows.size()));
    for (OutboxStore.Row r : rows) {
      w.message(r.stream(), r.seq(), r.ts(), r.payload());
    }
    return w.finish(dropCounts(drops));
  }

  private static List<DropCount> dropCounts(List<OutboxLedger.Unreported> drops) {
    return drops.stream().map(d -> new DropCount(d.stream(), d.reason(), d.count())).toList();
  }

  /** The batch with sequence {@code sequence}: rows in id order, then drops not yet reported. */
  static TelemetryBatch compute(long sequence, List<OutboxStore.Row> rows,
      List<OutboxLedger.Unreported> drops) {
    List<TelemetryMessage> messages = new ArrayList<>(rows.size());
    for (OutboxStore.Row r : rows) {
      messages.add(TelemetryPayload.encode(r.stream(), r.seq(), Instant.ofEpochMilli(r.ts()),
          r.payload()));
    }
    return new TelemetryBatch(sequence, messages, dropCounts(drops));
  }
}
