package dev.backroom.hub.telemetry;

import dev.backroom.sync.metrics.ByteMeter;
import dev.backroom.sync.metrics.Channel;
import dev.backroom.sync.metrics.Direction;
import dev.backroom.sync.metrics.SyncMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The telemetry meters, named as the contract scrapes them (Micrometer adds {@code _total} to
 * counters). Counters are looked up once per stream and cached, since the writer bumps them per
 * group commit and the listener per rejected message.
 */
final class TelemetryMetrics {
  static final String REJECTED = "backroom.telemetry.rejected";

  private final MeterRegistry registry;
  private final Map<String, Counter> ingested = new ConcurrentHashMap<>();
  private final Map<String, Counter> dropped = new ConcurrentHashMap<>();
  private final Map<String, Counter> rejected = new ConcurrentHashMap<>();

  TelemetryMetrics(MeterRegistry registry, OutboxLedger ledger) {
    this.registry = registry;
    Gauge.builder(SyncMetrics.TELEMETRY_OUTBOX_BYTES, ledger, OutboxLedger::totalBytes)
        .register(registry);
    Gauge.builder("backroom_telemetry_outbox_dead_rows", ledger, OutboxLedger::deadRows)
        .description("rows of uploaded or pending batches not yet deleted from H2 (at most)")
        .register(registry);
    Gauge.builder("backroom_telemetry_outbox_messages", ledger, OutboxLedger::totalMessages)
        .register(registry);
  }

  void ingested(String stream, long n) {
    ingested.computeIfAbsent(stream, s -> registry.counter(
        SyncMetrics.micrometerCounterName(SyncMetrics.TELEMETRY_INGESTED_TOTAL),
        SyncMetrics.TAG_STREAM, s)).increment(n);
  }

  void dropped(String stream, String reason, long n) {
    dropped.computeIfAbsent(stream + '\n' + reason, k -> registry.counter(
        SyncMetrics.micrometerCounterName(SyncMetrics.TELEMETRY_DROPPED_TOTAL),
        SyncMetrics.TAG_STREAM, stream, SyncMetrics.TAG_REASON, reason)).increment(n);
  }

  /**
   * A publish the listener refused: bad_topic, oversize, qos2, overloaded, store_failed,
   * storage_unavailable, disk_low.
   */
  void rejected(String reason) {
    rejected.computeIfAbsent(reason, r -> registry.counter(REJECTED, "reason", r)).increment();
  }

  /** Bytes the sync client moved, into {@code backroom_sync_bytes_total{channel,direction}}. */
  ByteMeter byteMeter() {
    return (Channel channel, Direction direction, long bytes) -> registry.counter(
        SyncMetrics.micrometerCounterName(SyncMetrics.SYNC_BYTES_TOTAL),
        SyncMetrics.TAG_CHANNEL, channel.tag(), SyncMetrics.TAG_DIRECTION, direction.tag())
        .increment(bytes);
  }
}
