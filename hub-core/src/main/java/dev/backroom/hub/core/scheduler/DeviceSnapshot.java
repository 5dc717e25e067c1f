package dev.backroom.hub.core.scheduler;

import java.util.Map;
import java.util.Objects;

/**
 * What the scheduler knows about one device at decision time.
 *
 * @param deviceId unique id; ties between equally good devices are broken by it
 * @param attributes device attributes ({@code ecs.cpu-architecture}, custom ones) that
 *     {@code memberOf} expressions and {@code spread attribute:NAME} are evaluated against;
 *     null means none
 * @param cpuUnits total CPU capacity, {@code cpus * 1024}
 * @param memoryMiB total memory capacity
 * @param gpus total GPU count
 * @param condition null is read as {@link DeviceCondition#LOST}: a device nobody vouches for
 *     gets no tasks
 */
public record DeviceSnapshot(
    String deviceId,
    Map<String, String> attributes,
    int cpuUnits,
    long memoryMiB,
    int gpus,
    DeviceCondition condition) {

  public DeviceSnapshot {
    Objects.requireNonNull(deviceId, "deviceId");
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    condition = condition == null ? DeviceCondition.LOST : condition;
  }

  /** Only READY devices receive new tasks. */
  public boolean schedulable() {
    return condition == DeviceCondition.READY;
  }
}
