package dev.backroom.hub.core.scheduler;

import dev.backroom.config.model.TaskDefinition;
import java.util.List;
import java.util.Objects;

/**
 * Resources an existing task already holds on a device. Allocations on devices the scheduler was
 * not given are ignored. {@code serviceName} is null for a task outside any service.
 *
 * @param hostPorts the static host ports the task binds (see {@link HostPort#of}); null is none
 */
public record Allocation(
    String taskId, String serviceName, String deviceId, int cpuUnits, long memoryMiB, int gpus,
    List<HostPort> hostPorts) {

  public Allocation {
    Objects.requireNonNull(deviceId, "deviceId");
    hostPorts = hostPorts == null ? List.of() : List.copyOf(hostPorts);
  }

  /** An allocation that binds no host port. */
  public Allocation(
      String taskId, String serviceName, String deviceId, int cpuUnits, long memoryMiB, int gpus) {
    this(taskId, serviceName, deviceId, cpuUnits, memoryMiB, gpus, List.of());
  }

  /** What a task of {@code td} holds: its reservations and its static host ports. */
  public static Allocation of(String taskId, String serviceName, String deviceId,
      TaskDefinition td) {
    return td == null
        ? new Allocation(taskId, serviceName, deviceId, 0, 0, 0)
        : new Allocation(taskId, serviceName, deviceId, td.requiredCpuUnits(),
            td.requiredMemoryMiB(), td.requiredGpus(), HostPort.of(td));
  }

  /** Who holds the ports, in the words of an unplaced reason. */
  String holder() {
    return PlacementRequest.holder(serviceName, taskId);
  }
}
