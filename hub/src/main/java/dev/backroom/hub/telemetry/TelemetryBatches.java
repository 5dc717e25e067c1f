package dev.backroom.hub.telemetry;

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

  /** The batch with sequence {@code sequence}: rows in id order, then drops not yet reported. */
  static TelemetryBatch compute(long sequence, List<OutboxStore.Row> rows,
      List<OutboxLedger.Unreported> drops) {
    List<TelemetryMessage> messages = new ArrayList<>(rows.size());
    for (OutboxStore.Row r : rows) {
      messages.add(TelemetryPayload.encode(r.stream(), r.seq(), Instant.ofEpochMilli(r.ts()),
          r.payload()));
    }
    List<DropCount> dropped = drops.stream()
        .map(d -> new DropCount(d.stream(), d.reason(), d.count())).toList();
    return new TelemetryBatch(sequence, messages, dropped);
  }
}
