package dev.backroom.mqtt.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One task on a device. {@code lastStatus} uses ECS's words: PENDING, RUNNING, STOPPED.
 * {@code stoppedReason} says why a STOPPED task stopped, in ECS's words ("Essential container
 * in task exited") followed by which container and how; null while the task is not stopped,
 * for a held task, and from older agents.
 */
public record TaskStatus(
    String taskId,
    String serviceName,
    String specHash,
    String lastStatus,
    String healthStatus,
    List<ContainerStatus> containers,
    @JsonInclude(JsonInclude.Include.NON_NULL) String stoppedReason) {
  public static final String PENDING = "PENDING";
  public static final String RUNNING = "RUNNING";
  public static final String STOPPED = "STOPPED";

  /** A task status without a stopped reason. */
  public TaskStatus(String taskId, String serviceName, String specHash, String lastStatus,
      String healthStatus, List<ContainerStatus> containers) {
    this(taskId, serviceName, specHash, lastStatus, healthStatus, containers, null);
  }
}
