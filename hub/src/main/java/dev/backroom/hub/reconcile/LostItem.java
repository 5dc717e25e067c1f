package dev.backroom.hub.reconcile;

/**
 * A task on a device that is unknown or not schedulable: it is stopped there (whenever the device
 * hears it) and a replacement is placed elsewhere, so it no longer counts toward the service.
 */
public record LostItem(String taskId, String serviceName, String deviceId, String reason) {}
