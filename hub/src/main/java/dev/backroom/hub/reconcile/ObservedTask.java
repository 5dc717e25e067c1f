package dev.backroom.hub.reconcile;

import java.util.Objects;

/**
 * A task the hub still wants running (not terminal). {@code lastStatus} is the device's last
 * report, {@code PENDING}, {@code RUNNING} or {@code STOPPED}, or null before the first one.
 */
public record ObservedTask(
    String taskId,
    String serviceName,
    String deviceId,
    String specHash,
    String lastStatus,
    long createdAtMillis) {

  public static final String PENDING = "PENDING";
  public static final String RUNNING = "RUNNING";
  public static final String STOPPED = "STOPPED";

  public ObservedTask {
    Objects.requireNonNull(taskId, "taskId");
  }

  public boolean isRunning() {
    return RUNNING.equals(lastStatus);
  }
}
