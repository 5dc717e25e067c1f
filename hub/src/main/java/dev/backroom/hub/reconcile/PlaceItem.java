package dev.backroom.hub.reconcile;

/**
 * One new task to schedule. {@code ordinal} numbers the service's place items in this result from
 * 0, which makes {@code serviceName} plus ordinal unique within it.
 */
public record PlaceItem(String serviceName, int ordinal, String reason) {}
