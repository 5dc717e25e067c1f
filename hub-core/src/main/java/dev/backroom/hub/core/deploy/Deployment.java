package dev.backroom.hub.core.deploy;

import java.time.Instant;

/**
 * One rollout of a service to one revision, after ECS: {@code status} PRIMARY (the target),
 * ACTIVE (being replaced) or INACTIVE; {@code rolloutState} IN_PROGRESS, COMPLETED or FAILED.
 */
public record Deployment(
    String deploymentId,
    String serviceName,
    String taskFamily,
    int taskRevision,
    String specHash,
    String status,
    String rolloutState,
    String rolloutReason,
    int failedTasks,
    Instant createdAt,
    Instant updatedAt) {
  public static final String PRIMARY = "PRIMARY";
  public static final String ACTIVE = "ACTIVE";
  public static final String INACTIVE = "INACTIVE";
  public static final String IN_PROGRESS = "IN_PROGRESS";
  public static final String COMPLETED = "COMPLETED";
  public static final String FAILED = "FAILED";

  public String taskDefinition() {
    return taskFamily + ":" + taskRevision;
  }
}
