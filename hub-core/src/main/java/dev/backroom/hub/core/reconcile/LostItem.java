package dev.backroom.hub.core.reconcile;

/**
 * A task on a lost device (or one missing from the observed devices): it is stopped there
 * whenever the device is heard again and no longer counts toward its service, so a replica
 * service places a replacement elsewhere. A daemon's task is not replaced: it belongs on that
 * device.
 */
public record LostItem(String taskId, String serviceName, String deviceId, String reason) {}
