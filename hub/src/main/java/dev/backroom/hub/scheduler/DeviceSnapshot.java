package dev.backroom.hub.scheduler;

import java.util.Map;
import java.util.Objects;

/**
 * What the scheduler knows about one device at decision time.
 *
 * @param deviceId unique id; ties between equally good devices are broken by it
 * @param attributes device attributes ({@code ecs.cpu-architecture}, custom ones) that
 *     {@code memberOf} expressions are evaluated against; null means none
 * @param cpuUnits total CPU capacity, {@code cpus * 1024}
 * @param memoryMiB total memory capacity
 * @param gpus total GPU count
 * @param schedulable false for lost or drained devices; nothing new is placed there
 */
public record DeviceSnapshot(
    String deviceId,
    Map<String, String> attributes,
    int cpuUnits,
    long memoryMiB,
    int gpus,
    boolean schedulable) {

  public DeviceSnapshot {
    Objects.requireNonNull(deviceId, "deviceId");
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }
}
