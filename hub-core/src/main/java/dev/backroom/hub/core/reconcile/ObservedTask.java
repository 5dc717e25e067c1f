package dev.backroom.hub.core.reconcile;

import java.util.Objects;

/**
 * A task the hub still wants running (not terminal).
 *
 * @param lastStatus the device's last report, {@code PENDING}, {@code RUNNING} or
 *     {@code STOPPED}, or null before the first one
 * @param healthy decided by the caller (container health check, or running past the service's
 *     grace period); only healthy tasks count toward a rollout's minimum
 * @param held the operator froze this task: it is never stopped, replaced or moved unless its
 *     service is deleted
 * @param restarts container restarts the device reported; a rollout's circuit breaker counts
 *     those of the new spec's tasks
 */
public record ObservedTask(
    String taskId,
    String serviceName,
    String deviceId,
    String specHash,
    String lastStatus,
    long createdAtMillis,
    boolean healthy,
    boolean held,
    int restarts) {

  public static final String PENDING = "PENDING";
  public static final String RUNNING = "RUNNING";
  public static final String STOPPED = "STOPPED";

  public ObservedTask {
    Objects.requireNonNull(taskId, "taskId");
  }

  /** A task that has not restarted. */
  public ObservedTask(String taskId, String serviceName, String deviceId, String specHash,
      String lastStatus, long createdAtMillis, boolean healthy, boolean held) {
    this(taskId, serviceName, deviceId, specHash, lastStatus, createdAtMillis, healthy, held, 0);
  }

  /** A task that is healthy exactly when it runs, and not held, nor restarted. */
  public ObservedTask(String taskId, String serviceName, String deviceId, String specHash,
      String lastStatus, long createdAtMillis) {
    this(taskId, serviceName, deviceId, specHash, lastStatus, createdAtMillis,
        RUNNING.equals(lastStatus), false);
  }

  public boolean isRunning() {
    return RUNNING.equals(lastStatus);
  }
}
