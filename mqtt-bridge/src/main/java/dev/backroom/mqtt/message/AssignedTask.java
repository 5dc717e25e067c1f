package dev.backroom.mqtt.message;

import dev.backroom.config.model.TaskDefinition;

/** One task a device must run, with its full spec so the agent never needs the hub to act. */
public record AssignedTask(
    String taskId, String serviceName, TaskDefinition taskDefinition, String specHash) {}
