package dev.backroom.hub.scheduler;

/** The device chosen for one {@link PlacementRequest}. */
public record Placement(String requestId, String deviceId) {}
