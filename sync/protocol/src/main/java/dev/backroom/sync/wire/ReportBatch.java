package dev.backroom.sync.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * One upstream report. devices, tasks and deployments are snapshots that replace the previous
 * ones; events and audit (the hub's audit log of local requests) are appended. sequence is per
 * store, gapless, starting at 1. A batch without {@code audit} (a hub from before it was
 * reported) reads as an empty list.
 *
 * <p>A task is the hub's task record ({@code taskId, serviceName, deviceId, taskFamily,
 * taskRevision, desiredStatus, lastStatus, healthStatus, stoppedReason, createdAt, updatedAt,
 * runningSince, ...}) with {@code containers}, each as its device last reported it
 * ({@code name, containerId, state, exitCode, health, message, networkBindings[], startedAt,
 * finishedAt}), and, when they apply, {@code startedBy} and {@code group} (standalone tasks),
 * {@code stopCode}, {@code stoppingAt} and {@code stoppedAt} (ECS's meanings, ISO instants).
 * {@code tasks} holds the tasks whose {@code desiredStatus} is RUNNING and the recently stopped
 * ones (desired STOPPED; docs/sync-protocol.md says how many). Tasks are kept as JSON, so a batch
 * of an older hub (no container states, no stopped tasks, none of the fields above) reads as it
 * is, its tasks all desired RUNNING.
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
