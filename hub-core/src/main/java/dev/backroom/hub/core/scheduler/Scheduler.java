package dev.backroom.hub.core.scheduler;

import dev.backroom.config.model.PlacementConstraint;
import dev.backroom.config.model.TaskDefinition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * Places tasks on devices: for each request, the feasibility chain filters devices, then a scorer
 * ranks the survivors and the best one wins. Pure: no I/O, no clock, no logging; the same inputs
 * and seed always give the same result, whatever order the devices and allocations come in.
 */
public final class Scheduler {

  /**
   * Cheapest first: the pin and a flag, then attribute matching, then resources. Host ports come
   * before memory and CPU: a taken port is the harder fact (no amount of freed memory helps),
   * so it is the reason shown when both fail.
   */
  static final List<FeasibilityCheck> DEFAULT_CHECKS = List.of(
      new PinCheck(),
      new SchedulableCheck(),
      new MemberOfCheck(),
      new GpuCheck(),
      new PortCheck(),
      new MemoryCheck(),
      new CpuCheck(),
      new DistinctInstanceCheck());

  /**
   * What makes a device a match for a task whatever else runs there: attributes, constraints
   * (the task definition's and its runtimePlatform's included) and GPU count. Memory, CPU and
   * host ports are left out because a daemon's fit there depends on its neighbours, and the
   * scheduler reports that when it places the pinned task.
   */
  static final List<FeasibilityCheck> MATCH_CHECKS = List.of(
      new MemberOfCheck(),
      new GpuCheck());

  static final PlacementScorer DEFAULT_SCORER = new StrategyScorer();

  private Scheduler() {}

  /**
   * Places {@code requests} in request id order; each placement counts against its device for the
   * requests after it. Each request's strategies rank the feasible devices (see
   * {@link StrategyScorer}); remaining ties go to the lowest device id.
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
    for (int i = 0; i < ordered.size(); ) {
      PlacementRequest request = ordered.get(i);
      TaskRequest task = TaskRequest.of(request);
      int end = i + 1;
      if (request.pinnedDeviceId() == null && scorer.local(task)) {
        while (end < ordered.size() && sameAsk(request, ordered.get(end))) {
          end++;
        }
        placeRun(ordered.subList(i, end), task, loads, checks, scorer, placed, unplaced);
      } else {
        placeOne(request, task, loads, checks, scorer, placed, unplaced);
      }
      i = end;
    }
    return new SchedulerResult(placed, unplaced);
  }

  /**
   * Why {@code device} can never run a task of {@code taskDefinition} under {@code constraints},
   * ignoring its condition and the tasks already on it; null when it matches. The reconciler uses
   * it to decide which devices a daemon service belongs on.
   *
   * @param taskDefinition null asks for no resources; its own placementConstraints and
   *     runtimePlatform count as well as {@code constraints}
   * @param constraints null means none; invalid ones make every device a mismatch
   */
  public static String mismatch(TaskDefinition taskDefinition,
      List<PlacementConstraint> constraints, DeviceSnapshot device) {
    TaskRequest task = TaskRequest.of(
        new PlacementRequest("match", null, taskDefinition, constraints));
    return firstObjection(MATCH_CHECKS, task, DeviceLoad.empty(device));
  }

  /** Starting loads keyed (and so iterated) by device id. */
  static Map<String, DeviceLoad> computeLoads(
      List<DeviceSnapshot> devices, List<Allocation> existing) {
    Map<String, DeviceSnapshot> byId = new TreeMap<>();
    for (DeviceSnapshot d : devices) {
      byId.putIfAbsent(d.deviceId(), d);
    }
    // Summed per device first, then one DeviceLoad each: adding allocations one by one copied
    // the device's per-service map for each of ten thousand tasks.
    Map<String, List<Allocation>> held = new java.util.HashMap<>();
    for (Allocation a : existing) {
      if (byId.containsKey(a.deviceId())) {
        held.computeIfAbsent(a.deviceId(), k -> new ArrayList<>()).add(a);
      }
    }
    Map<String, DeviceLoad> loads = new TreeMap<>();
    byId.forEach((id, d) -> loads.put(id, DeviceLoad.of(d, held.getOrDefault(id, List.of()))));
    return loads;
  }

  /**
   * One request: every device checked, the best feasible one by a scan. Needed when the ranking
   * of a device depends on others' loads (spreading over an attribute) or for a pinned task.
   */
  private static void placeOne(PlacementRequest request, TaskRequest task,
      Map<String, DeviceLoad> loads, List<FeasibilityCheck> checks, PlacementScorer scorer,
      List<Placement> placed, List<Unplaced> unplaced) {
    List<DeviceLoad> feasible = new ArrayList<>();
    for (DeviceLoad load : loads.values()) {
      if (firstObjection(checks, task, load) == null) {
        feasible.add(load);
      }
    }
    if (feasible.isEmpty()) {
      unplaced.add(unplaced(request, task, loads, checks));
      return;
    }
    // The order is total (device id breaks ties), so the minimum is the first of the sorted
    // list: one scan instead of a sort per request.
    DeviceLoad best = Collections.min(feasible,
        scorer.ranking(task, loads.values()).thenComparing(DeviceLoad::deviceId));
    loads.put(best.deviceId(), best.plus(task));
    placed.add(new Placement(request.requestId(), best.deviceId()));
  }

  /**
   * Consecutive requests that ask for the same thing, under a ranking where each device's place
   * depends on its own load only. Placing a task changes one device's load, so only that device
   * is checked and ranked again: a heap of the feasible devices gives the same choices as a scan
   * per request, at a thousand devices and a hundred tasks per service a hundredth of the work.
   */
  private static void placeRun(List<PlacementRequest> run, TaskRequest task,
      Map<String, DeviceLoad> loads, List<FeasibilityCheck> checks, PlacementScorer scorer,
      List<Placement> placed, List<Unplaced> unplaced) {
    PriorityQueue<DeviceLoad> heap = new PriorityQueue<>(
        scorer.ranking(task, loads.values()).thenComparing(DeviceLoad::deviceId));
    for (DeviceLoad load : loads.values()) {
      if (firstObjection(checks, task, load) == null) {
        heap.add(load);
      }
    }
    for (PlacementRequest request : run) {
      DeviceLoad best = heap.poll();
      if (best == null) {
        unplaced.add(unplaced(request, task, loads, checks));
        continue;
      }
      // Only this device's load (its ports included) changed, so only it is checked again.
      DeviceLoad after = best.plus(task);
      loads.put(best.deviceId(), after);
      placed.add(new Placement(request.requestId(), best.deviceId()));
      if (firstObjection(checks, task, after) == null) {
        heap.add(after);
      }
    }
  }

  /** Same service, task definition, constraints and strategies, and no pin. */
  private static boolean sameAsk(PlacementRequest a, PlacementRequest b) {
    return b.pinnedDeviceId() == null
        && Objects.equals(a.serviceName(), b.serviceName())
        && (a.taskDefinition() == b.taskDefinition()
            || Objects.equals(a.taskDefinition(), b.taskDefinition()))
        && a.constraints().equals(b.constraints())
        && a.strategies().equals(b.strategies());
  }

  /** Called only when no device is feasible, so every device has its objection. */
  private static Unplaced unplaced(PlacementRequest request, TaskRequest task,
      Map<String, DeviceLoad> loads, List<FeasibilityCheck> checks) {
    Map<String, String> reasons = new LinkedHashMap<>();
    for (DeviceLoad load : loads.values()) {
      reasons.put(load.deviceId(), firstObjection(checks, task, load));
    }
    return new Unplaced(request.requestId(), request.serviceName(), reasons);
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
