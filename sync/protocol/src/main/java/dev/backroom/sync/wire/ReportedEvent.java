package dev.backroom.sync.wire;

import java.time.Instant;

/** A hub event as reported upstream; eventId is the hub's own id and orders the history. */
public record ReportedEvent(
    long eventId,
    Instant at,
    String kind,
    String actor,
    String origin,
    String serviceName,
    String taskId,
    String deviceId,
    String deploymentId,
    String reason,
    String message) {}
