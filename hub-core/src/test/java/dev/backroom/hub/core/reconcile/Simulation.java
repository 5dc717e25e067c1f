package dev.backroom.hub.core.reconcile;

import dev.backroom.config.model.TaskDefinition;
import dev.backroom.hub.core.scheduler.Allocation;
import dev.backroom.hub.core.scheduler.DeviceSnapshot;
import dev.backroom.hub.core.scheduler.Placement;
import dev.backroom.hub.core.scheduler.PlacementRequest;
import dev.backroom.hub.core.scheduler.Scheduler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The control loop in miniature, for multi-pass tests: reconcile, apply (stopped and lost tasks
 * vanish, placements go through the real scheduler and appear as new tasks), repeat. A new task
 * is observed unhealthy for {@code unhealthyPasses} passes, then healthy.
 */
final class Simulation {
  static final int NEVER_HEALTHY = Integer.MAX_VALUE;

  private final List<DeviceSnapshot> devices;
  private final int unhealthyPasses;
  private final Map<String, ObservedTask> tasks = new TreeMap<>();
  private final Map<String, Integer> bornAt = new HashMap<>();
  private int pass;
  private int nextId = 1;

  Simulation(List<ObservedTask> initial, List<DeviceSnapshot> devices, int unhealthyPasses) {
    this.devices = List.copyOf(devices);
    this.unhealthyPasses = unhealthyPasses;
    initial.forEach(t -> tasks.put(t.taskId(), t));
  }

  /** What the loop would read now: new tasks turn healthy once they are old enough. */
  ObservedState observed() {
    List<ObservedTask> out = new ArrayList<>();
    for (ObservedTask t : tasks.values()) {
      Integer born = bornAt.get(t.taskId());
      boolean healthy = born == null ? t.healthy() : pass - born > unhealthyPasses;
      out.add(new ObservedTask(t.taskId(), t.serviceName(), t.deviceId(), t.specHash(),
          healthy ? ObservedTask.RUNNING : ObservedTask.PENDING, t.createdAtMillis(), healthy,
          t.held()));
    }
    return new ObservedState(out, devices);
  }

  /** One pass: returns the reconciler's result as computed, after applying it. */
  ReconcileResult step(DesiredState desired) {
    ObservedState observed = observed();
    ReconcileResult r = Reconciler.compute(desired, observed, pass);
    r.stop().forEach(i -> tasks.remove(i.taskId()));
    r.lost().forEach(i -> tasks.remove(i.taskId()));
    Map<String, DesiredService> services = desired.services().stream()
        .collect(Collectors.toMap(DesiredService::serviceName, s -> s, (a, b) -> a));
    List<PlacementRequest> requests = r.placementRequests(desired);
    Map<String, String> serviceOf = requests.stream()
        .collect(Collectors.toMap(PlacementRequest::requestId, PlacementRequest::serviceName));
    for (Placement p : Scheduler.place(requests, devices, allocations(services), pass).placed()) {
      String service = serviceOf.get(p.requestId());
      String id = String.format("n%03d", nextId++);
      tasks.put(id, new ObservedTask(id, service, p.deviceId(),
          services.get(service).specHash(), ObservedTask.PENDING, pass, false, false));
      bornAt.put(id, pass);
    }
    pass++;
    return r;
  }

  /** The tasks that exist now, as the next pass will observe them. */
  List<ObservedTask> tasks() {
    return observed().tasks();
  }

  Set<String> taskIds() {
    return tasks.keySet();
  }

  private List<Allocation> allocations(Map<String, DesiredService> services) {
    List<Allocation> out = new ArrayList<>();
    for (ObservedTask t : tasks.values()) {
      DesiredService s = services.get(t.serviceName());
      TaskDefinition td = s == null ? null : s.taskDefinition();
      out.add(new Allocation(t.taskId(), t.serviceName(), t.deviceId(),
          td == null ? 0 : td.requiredCpuUnits(), td == null ? 0 : td.requiredMemoryMiB(),
          td == null ? 0 : td.requiredGpus()));
    }
    return out;
  }
}
