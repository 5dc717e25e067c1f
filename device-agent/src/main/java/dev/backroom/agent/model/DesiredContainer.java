package dev.backroom.agent.model;

import dev.backroom.config.model.ContainerDefinition;
import dev.backroom.config.model.TaskDefinition;

/**
 * One container the assignment asks for. {@code specHash} is the task's hash as the hub sent it;
 * a container labelled with the same hash is never recreated.
 */
public record DesiredContainer(
    ContainerKey key,
    String serviceName,
    String specHash,
    long generation,
    TaskDefinition task,
    ContainerDefinition container) {}
