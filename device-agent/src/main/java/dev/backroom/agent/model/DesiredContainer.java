package dev.backroom.agent.model;

import dev.backroom.config.model.ContainerDefinition;
import dev.backroom.config.model.TaskDefinition;

/**
 * One container the assignment asks for. {@code specHash} is the task's hash as the hub sent it;
 * a container labelled with the same hash is never recreated. {@code held} is the task's hold:
 * the agent then leaves every container of the task exactly as it is.
 */
public record DesiredContainer(
    ContainerKey key,
    String serviceName,
    String specHash,
    long generation,
    TaskDefinition task,
    ContainerDefinition container,
    boolean held) {

  /** A container of a task that is not held. */
  public DesiredContainer(ContainerKey key, String serviceName, String specHash, long generation,
      TaskDefinition task, ContainerDefinition container) {
    this(key, serviceName, specHash, generation, task, container, false);
  }
}
