package dev.backroom.hub.reconcile;

/**
 * A destructive in-place update: the task keeps its id and device, and its container is replaced
 * by one built from {@code toSpecHash}.
 */
public record UpdateItem(
    String taskId,
    String serviceName,
    String deviceId,
    String fromSpecHash,
    String toSpecHash,
    String reason) {}
