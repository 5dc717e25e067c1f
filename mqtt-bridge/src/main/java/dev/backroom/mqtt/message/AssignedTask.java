package dev.backroom.mqtt.message;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.backroom.config.model.TaskDefinition;

/**
 * One task a device must run, with its full spec so the agent never needs the hub to act.
 * {@code held}: an operator holds the task; the agent neither starts, restarts nor removes its
 * containers, whatever state they are in.
 */
public record AssignedTask(
    String taskId, String serviceName, TaskDefinition taskDefinition, String specHash,
    Boolean held) {

  public AssignedTask(String taskId, String serviceName, TaskDefinition taskDefinition,
      String specHash) {
    this(taskId, serviceName, taskDefinition, specHash, null);
  }

  @JsonIgnore
  public boolean isHeld() {
    return Boolean.TRUE.equals(held);
  }
}
