package dev.backroom.hub.store;

import dev.backroom.mqtt.message.ContainerStatus;
import java.time.Instant;
import java.util.List;

/**
 * A task as the hub knows it: where it was placed and what the device last reported.
 * {@code desiredStatus} is RUNNING while the task belongs in its device's assignment.
 * {@code reportedGeneration} is the assignment generation of the device's report that last
 * changed what the hub knows of the task (null until the device first reports it).
 */
public record TaskRecord(
    String taskId,
    String serviceName,
    String deviceId,
    String taskFamily,
    int taskRevision,
    String specHash,
    String desiredStatus,
    String lastStatus,
    String healthStatus,
    List<ContainerStatus> containers,
    Long reportedGeneration,
    String stoppedReason,
    Instant createdAt,
    Instant updatedAt,
    boolean held,
    Instant runningSince,
    int restarts) {
  public static final String RUNNING = "RUNNING";
  public static final String STOPPED = "STOPPED";
  public static final String PENDING = "PENDING";

  public String taskDefinitionRef() {
    return taskFamily + ":" + taskRevision;
  }
}
