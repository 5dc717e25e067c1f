package dev.backroom.hub.views;

import java.time.Instant;
import java.util.Map;

/**
 * A device, after ECS's container instance: {@code status} ACTIVE, LOST, HELD, DRAINING or
 * DRAINED, what it registered
 * and what remains after the tasks placed on it. {@code revoked}: its credential was revoked;
 * {@code flagged}: it sent repeated malformed messages; {@code malformedMessages} since the hub
 * started. {@code attributes} are those placement sees: announced by the device, then those put
 * through the ECS API, then {@code ecs.capability.external} (see DeviceAttributeStore).
 */
public record DeviceView(
    String deviceId,
    String status,
    boolean agentConnected,
    Instant lastSeen,
    String agentVersion,
    Map<String, String> attributes,
    Resources registeredResources,
    Resources remainingResources,
    long runningTasksCount,
    long pendingTasksCount,
    boolean revoked,
    boolean flagged,
    long malformedMessages) {

  /** cpu in CPU units (1024 per core), memory in MiB. */
  public record Resources(long cpu, long memory, long gpus) {}
}
