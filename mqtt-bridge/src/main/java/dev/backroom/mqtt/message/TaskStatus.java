package dev.backroom.mqtt.message;

import java.util.List;

/**
 * One task on a device. {@code lastStatus} uses ECS's words: PENDING, RUNNING, STOPPED.
 */
public record TaskStatus(
    String taskId,
    String serviceName,
    String specHash,
    String lastStatus,
    String healthStatus,
    List<ContainerStatus> containers) {
  public static final String PENDING = "PENDING";
  public static final String RUNNING = "RUNNING";
  public static final String STOPPED = "STOPPED";
}
