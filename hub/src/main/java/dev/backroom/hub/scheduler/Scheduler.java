package dev.backroom.hub.scheduler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Places tasks on devices: for each request, the feasibility chain filters devices, then a scorer
 * ranks the survivors and the best one wins. Pure: no I/O, no clock, no logging; the same inputs
 * and seed always give the same result, whatever order the devices and allocations come in.
 */
public final class Scheduler {

  /** Cheapest first: a flag, then attribute matching, then resource arithmetic. */
  static final List<FeasibilityCheck> DEFAULT_CHECKS = List.of(
      new SchedulableCheck(),
      new MemberOfCheck(),
      new GpuCheck(),
      new MemoryCheck(),
      new CpuCheck(),
      new DistinctInstanceCheck());

  static final PlacementScorer DEFAULT_SCORER = new SpreadScorer();

  private Scheduler() {}

  /**
   * Places {@code requests} in request id order; each placement counts against its device for the
   * requests after it.
   *
   * @param requests tasks to place; request ids must be unique
   * @param devices candidate devices; ids must be unique (the first of duplicates is used)
   * @param existing resources held by tasks already running; entries for devices not in
   *     {@code devices} are ignored
   * @param seed reserved for randomized tie-breaking; today ties are broken by device id, so the
   *     result does not depend on it
   * @return every request either placed or unplaced with a reason per device; never throws for
   *     bad constraints, which surface as reasons instead
   */
  public static SchedulerResult place(
      List<PlacementRequest> requests,
      List<DeviceSnapshot> devices,
      List<Allocation> existing,
      long seed) {
    return place(requests, devices, existing, seed, DEFAULT_CHECKS, DEFAULT_SCORER);
  }

  static SchedulerResult place(
      List<PlacementRequest> requests,
      List<DeviceSnapshot> devices,
      List<Allocation> existing,
      long seed,
      List<FeasibilityCheck> checks,
      PlacementScorer scorer) {
    Map<String, DeviceLoad> loads = computeLoads(devices, existing);
    List<PlacementRequest> ordered = new ArrayList<>(requests);
    ordered.sort(Comparator.comparing(PlacementRequest::requestId));

    List<Placement> placed = new ArrayList<>();
    List<Unplaced> unplaced = new ArrayList<>();
    for (PlacementRequest request : ordered) {
      TaskRequest task = TaskRequest.of(request);
      List<DeviceLoad> feasible = new ArrayList<>();
      Map<String, String> reasons = new LinkedHashMap<>();
      for (DeviceLoad load : loads.values()) {
        String reason = firstObjection(checks, task, load);
        if (reason == null) {
          feasible.add(load);
        } else {
          reasons.put(load.deviceId(), reason);
        }
      }
      if (feasible.isEmpty()) {
        unplaced.add(new Unplaced(request.requestId(), request.serviceName(), reasons));
        continue;
      }
      feasible.sort(scorer.ranking(task).thenComparing(DeviceLoad::deviceId));
      DeviceLoad best = feasible.get(0);
      loads.put(best.deviceId(),
          best.plus(task.serviceName(), task.cpuUnits(), task.memoryMiB(), task.gpus()));
      placed.add(new Placement(request.requestId(), best.deviceId()));
    }
    return new SchedulerResult(placed, unplaced);
  }

  /** Starting loads keyed (and so iterated) by device id. */
  static Map<String, DeviceLoad> computeLoads(
      List<DeviceSnapshot> devices, List<Allocation> existing) {
    Map<String, DeviceLoad> loads = new TreeMap<>();
    for (DeviceSnapshot d : devices) {
      loads.putIfAbsent(d.deviceId(), DeviceLoad.empty(d));
    }
    for (Allocation a : existing) {
      DeviceLoad load = loads.get(a.deviceId());
      if (load != null) {
        loads.put(a.deviceId(),
            load.plus(a.serviceName(), a.cpuUnits(), a.memoryMiB(), a.gpus()));
      }
    }
    return loads;
  }

  private static String firstObjection(
      List<FeasibilityCheck> checks, TaskRequest task, DeviceLoad load) {
    for (FeasibilityCheck check : checks) {
      String reason = check.check(task, load);
      if (reason != null) {
        return reason;
      }
    }
    return null;
  }
}
