package dev.backroom.hub.scheduler;

import java.util.Objects;

/**
 * Resources an existing task already holds on a device. Allocations on devices the scheduler was
 * not given are ignored.
 */
public record Allocation(
    String taskId, String serviceName, String deviceId, int cpuUnits, long memoryMiB, int gpus) {

  public Allocation {
    Objects.requireNonNull(deviceId, "deviceId");
  }
}
