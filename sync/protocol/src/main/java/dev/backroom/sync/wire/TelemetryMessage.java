package dev.backroom.sync.wire;

import java.time.Instant;

/**
 * One telemetry message. seq is assigned by the hub per stream at ingest. Exactly one of payload
 * (valid UTF-8 text) and payloadBase64 (anything else) is set.
 */
public record TelemetryMessage(String stream, long seq, Instant ts, String payload, String payloadBase64) {}
