package dev.backroom.hub.core.scheduler;

/** The device chosen for one {@link PlacementRequest}. */
public record Placement(String requestId, String deviceId) {}
