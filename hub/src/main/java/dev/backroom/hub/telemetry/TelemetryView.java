package dev.backroom.hub.telemetry;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code GET /api/v1/telemetry}: the outbox per stream, its totals and the upload state. */
public record TelemetryView(boolean enabled, int listenerPort, long outboxBytes,
    long outboxMessages, long outboxMaxBytes, Upload upload, List<Stream> streams) {

  /** One stream: its policy, what waits in the outbox, its next seq and its drops by reason. */
  public record Stream(String stream, int priority, long ttlSeconds, long queuedMessages,
      long queuedBytes, long nextSeq, Map<String, Long> dropped) {}

  /** pendingSequence: the batch being sent, null when none; lastError null after a success. */
  public record Upload(boolean enrolled, Long pendingSequence, Long lastAcceptedSequence,
      Instant lastUploadAt, String lastError) {}
}
