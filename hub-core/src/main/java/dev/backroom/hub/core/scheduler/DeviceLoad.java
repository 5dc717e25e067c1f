package dev.backroom.hub.core.scheduler;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A device together with what is already placed on it. Immutable: {@link #plus} returns the load
 * after one more task, so the scheduler's running usage is a plain value.
 *
 * @param portHolders each static host port in use, with who holds it ("service web")
 */
record DeviceLoad(
    DeviceSnapshot device,
    int cpuUsed,
    long memoryUsed,
    int gpusUsed,
    int taskCount,
    Map<String, Integer> tasksByService,
    Map<HostPort, String> portHolders) {

  DeviceLoad {
    tasksByService = Map.copyOf(tasksByService);
    portHolders = Map.copyOf(portHolders);
  }

  static DeviceLoad empty(DeviceSnapshot device) {
    return new DeviceLoad(device, 0, 0, 0, 0, Map.of(), Map.of());
  }

  /** The device with {@code allocations} on it; same as {@link #plus} for each in turn. */
  static DeviceLoad of(DeviceSnapshot device, List<Allocation> allocations) {
    int cpu = 0;
    long memory = 0;
    int gpus = 0;
    Map<String, Integer> byService = new HashMap<>();
    Map<HostPort, String> ports = new HashMap<>();
    for (Allocation a : allocations) {
      cpu += a.cpuUnits();
      memory += a.memoryMiB();
      gpus += a.gpus();
      if (a.serviceName() != null) {
        byService.merge(a.serviceName(), 1, Integer::sum);
      }
      for (HostPort p : a.hostPorts()) {
        // Two running tasks on one port should not happen; if they do, the reason names the
        // same holder whatever order the allocations came in.
        ports.merge(p, a.holder(), DeviceLoad::first);
      }
    }
    return new DeviceLoad(device, cpu, memory, gpus, allocations.size(), byService, ports);
  }

  /** The load after one more task of {@code task}, its host ports included. */
  DeviceLoad plus(TaskRequest task) {
    Map<HostPort, String> ports = portHolders;
    if (!task.hostPorts().isEmpty()) {
      // Copied only for a task that binds ports: most do not, and the heap path adds one load
      // per placement.
      ports = new HashMap<>(portHolders);
      for (HostPort p : task.hostPorts()) {
        ports.merge(p, task.holder(), DeviceLoad::first);
      }
    }
    return plus(task.serviceName(), task.cpuUnits(), task.memoryMiB(), task.gpus(), ports);
  }

  DeviceLoad plus(String serviceName, int cpuUnits, long memoryMiB, int gpus) {
    return plus(serviceName, cpuUnits, memoryMiB, gpus, portHolders);
  }

  private DeviceLoad plus(String serviceName, int cpuUnits, long memoryMiB, int gpus,
      Map<HostPort, String> ports) {
    Map<String, Integer> byService = new HashMap<>(tasksByService);
    if (serviceName != null) {
      byService.merge(serviceName, 1, Integer::sum);
    }
    return new DeviceLoad(device, cpuUsed + cpuUnits, memoryUsed + memoryMiB, gpusUsed + gpus,
        taskCount + 1, byService, ports);
  }

  private static String first(String a, String b) {
    return a.compareTo(b) <= 0 ? a : b;
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

  /** Who holds {@code port} here; null when it is free. */
  String holderOf(HostPort port) {
    return portHolders.get(port);
  }
}
