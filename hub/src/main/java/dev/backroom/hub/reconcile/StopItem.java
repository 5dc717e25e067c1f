package dev.backroom.hub.reconcile;

/** A task to stop for good: its service is gone or has more tasks than desired. */
public record StopItem(String taskId, String serviceName, String deviceId, String reason) {}
