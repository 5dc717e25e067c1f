package dev.backroom.sync.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * One upstream report. devices, tasks and deployments are snapshots that replace the previous
 * ones; events are appended. sequence is per store, gapless, starting at 1.
 */
public record ReportBatch(
    long sequence,
    Instant sentAt,
    List<JsonNode> devices,
    List<JsonNode> tasks,
    List<JsonNode> deployments,
    List<ReportedEvent> events) {
  public ReportBatch {
    devices = devices == null ? List.of() : List.copyOf(devices);
    tasks = tasks == null ? List.of() : List.copyOf(tasks);
    deployments = deployments == null ? List.of() : List.copyOf(deployments);
    events = events == null ? List.of() : List.copyOf(events);
  }
}
