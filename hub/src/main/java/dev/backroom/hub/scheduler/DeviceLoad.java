package dev.backroom.hub.scheduler;

import java.util.HashMap;
import java.util.Map;

/**
 * A device together with what is already placed on it. Immutable: {@link #plus} returns the load
 * after one more task, so the scheduler's running usage is a plain value.
 */
record DeviceLoad(
    DeviceSnapshot device,
    int cpuUsed,
    long memoryUsed,
    int gpusUsed,
    int taskCount,
    Map<String, Integer> tasksByService) {

  DeviceLoad {
    tasksByService = Map.copyOf(tasksByService);
  }

  static DeviceLoad empty(DeviceSnapshot device) {
    return new DeviceLoad(device, 0, 0, 0, 0, Map.of());
  }

  /** The device with {@code allocations} on it; same as {@link #plus} for each in turn. */
  static DeviceLoad of(DeviceSnapshot device, java.util.List<Allocation> allocations) {
    int cpu = 0;
    long memory = 0;
    int gpus = 0;
    Map<String, Integer> byService = new HashMap<>();
    for (Allocation a : allocations) {
      cpu += a.cpuUnits();
      memory += a.memoryMiB();
      gpus += a.gpus();
      if (a.serviceName() != null) {
        byService.merge(a.serviceName(), 1, Integer::sum);
      }
    }
    return new DeviceLoad(device, cpu, memory, gpus, allocations.size(), byService);
  }

  DeviceLoad plus(String serviceName, int cpuUnits, long memoryMiB, int gpus) {
    Map<String, Integer> byService = new HashMap<>(tasksByService);
    if (serviceName != null) {
      byService.merge(serviceName, 1, Integer::sum);
    }
    return new DeviceLoad(device, cpuUsed + cpuUnits, memoryUsed + memoryMiB, gpusUsed + gpus,
        taskCount + 1, byService);
  }

  String deviceId() {
    return device.deviceId();
  }

  int freeCpuUnits() {
    return device.cpuUnits() - cpuUsed;
  }

  long freeMemoryMiB() {
    return device.memoryMiB() - memoryUsed;
  }

  int freeGpus() {
    return device.gpus() - gpusUsed;
  }

  int tasksOf(String serviceName) {
    return serviceName == null ? 0 : tasksByService.getOrDefault(serviceName, 0);
  }
}
