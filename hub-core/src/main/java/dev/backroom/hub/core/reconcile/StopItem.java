package dev.backroom.hub.core.reconcile;

/**
 * A task to stop for good: its service is gone, has more tasks than desired, or the task has been
 * replaced by a rolling update or a drain.
 */
public record StopItem(String taskId, String serviceName, String deviceId, String reason) {}
