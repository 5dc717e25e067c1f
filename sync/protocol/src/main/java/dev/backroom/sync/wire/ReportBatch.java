package dev.backroom.sync.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * One upstream report. devices, tasks and deployments are snapshots that replace the previous
 * ones; events and audit (the hub's audit log of local requests) are appended. sequence is per
 * store, gapless, starting at 1. A batch without {@code audit} (a hub from before it was
 * reported) reads as an empty list.
 */
public record ReportBatch(
    long sequence,
    Instant sentAt,
    List<JsonNode> devices,
    List<JsonNode> tasks,
    List<JsonNode> deployments,
    List<ReportedEvent> events,
    List<ReportedAudit> audit) {
  public ReportBatch {
    devices = devices == null ? List.of() : List.copyOf(devices);
    tasks = tasks == null ? List.of() : List.copyOf(tasks);
    deployments = deployments == null ? List.of() : List.copyOf(deployments);
    events = events == null ? List.of() : List.copyOf(events);
    audit = audit == null ? List.of() : List.copyOf(audit);
  }

  /** A batch without audit entries. */
  public ReportBatch(long sequence, Instant sentAt, List<JsonNode> devices, List<JsonNode> tasks,
      List<JsonNode> deployments, List<ReportedEvent> events) {
    this(sequence, sentAt, devices, tasks, deployments, events, List.of());
  }
}
