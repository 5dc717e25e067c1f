package dev.backroom.hub.core.plan;

import dev.backroom.config.model.TaskDefinition;
import dev.backroom.hub.core.reconcile.DesiredService;
import dev.backroom.hub.core.reconcile.ObservedState;
import dev.backroom.hub.core.reconcile.ObservedTask;
import dev.backroom.hub.core.reconcile.ReconcileResult;
import dev.backroom.hub.core.reconcile.Reconciler;
import dev.backroom.hub.core.reconcile.StandaloneReconciler;
import dev.backroom.hub.core.scheduler.Allocation;
import dev.backroom.hub.core.scheduler.Placement;
import dev.backroom.hub.core.scheduler.PlacementRequest;
import dev.backroom.hub.core.scheduler.Scheduler;
import dev.backroom.hub.core.scheduler.SchedulerResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * One control-loop pass as a pure function: desired and observed state, the time and a seed in,
 * the complete plan out. The reconcilers sort every task into a bucket, the scheduler places
 * the new tasks around those that stay, draining devices that are empty are found, and every
 * rollout's progress is decided ({@link RolloutPlanner}); nothing is written, so the same input
 * always gives the same plan.
 */
public final class PassPlanner {
  private PassPlanner() {}

  public static PassPlan plan(PassInput in) {
    ObservedState observed = new ObservedState(in.serviceTasks(), in.devices());
    ReconcileResult result = Reconciler.compute(in.desired(), observed, in.nowMillis());
    List<StandaloneReconciler.Stop> ended =
        StandaloneReconciler.compute(in.standaloneTasks(), in.devices());

    List<PassPlan.Stop> stops = new ArrayList<>();
    result.stop().forEach(s -> stops.add(new PassPlan.Stop(PassPlan.STOPPED, s.taskId(),
        s.serviceName(), s.deviceId(), s.reason(), null)));
    result.lost().forEach(l -> stops.add(new PassPlan.Stop(PassPlan.LOST, l.taskId(),
        l.serviceName(), l.deviceId(), l.reason(), null)));
    Map<String, ObservedTask> standaloneById = new HashMap<>();
    in.standaloneTasks().forEach(t -> standaloneById.putIfAbsent(t.taskId(), t));
    for (StandaloneReconciler.Stop s : ended) {
      stops.add(new PassPlan.Stop(s.lost() ? PassPlan.LOST : PassPlan.STOPPED, s.taskId(), null,
          standaloneById.get(s.taskId()).deviceId(), s.reason(), s.stopCode()));
    }
    Set<String> gone = new HashSet<>();
    stops.forEach(s -> gone.add(s.taskId()));

    SplittableRandom random = new SplittableRandom(in.seed());
    List<PassPlan.Place> placements = new ArrayList<>();
    List<PlacementRequest> requests = result.placementRequests(in.desired());
    SchedulerResult placed = new SchedulerResult(List.of(), List.of());
    if (!requests.isEmpty()) {
      List<Allocation> staying = in.allocations().stream()
          .filter(a -> !gone.contains(a.taskId())).toList();
      placed = Scheduler.place(requests, in.devices(), staying, random.nextLong());
      placements = placements(result, in, requests, placed, random);
    }

    List<ObservedTask> every = new ArrayList<>(in.serviceTasks());
    every.addAll(in.standaloneTasks());
    ObservedState drainView = new ObservedState(every, in.devices());
    List<PassPlan.Drained> drained = new ArrayList<>();
    boolean moving = false;
    for (Map.Entry<String, String> d : in.draining().entrySet()) {
      if (Reconciler.drainComplete(d.getKey(), drainView)) {
        drained.add(new PassPlan.Drained(d.getKey(), d.getValue()));
      } else {
        moving = true;
      }
    }
    // After the placements, so that their task ids do not depend on the rollouts.
    RolloutPlanner.Rollouts rollouts =
        RolloutPlanner.plan(in.desired(), in.serviceTasks(), in.rollouts(), random);
    return new PassPlan(stops, placements, placed.unplaced(), drained, moving, rollouts.steps(),
        rollouts.moving());
  }

  private static List<PassPlan.Place> placements(ReconcileResult result, PassInput in,
      List<PlacementRequest> requests, SchedulerResult placed, SplittableRandom random) {
    Map<String, DesiredService> services = new HashMap<>();
    in.desired().services().forEach(s -> services.putIfAbsent(s.serviceName(), s));
    Map<String, PlacementRequest> byId = new HashMap<>();
    requests.forEach(r -> byId.put(r.requestId(), r));
    Map<String, String> reasons = new HashMap<>();
    result.place().forEach(p -> reasons.putIfAbsent(ReconcileResult.requestId(p), p.reason()));
    List<PassPlan.Place> out = new ArrayList<>();
    for (Placement p : placed.placed()) {
      PlacementRequest r = byId.get(p.requestId());
      TaskDefinition td = r.taskDefinition();
      String taskId = r.serviceName() + "-" + HexFormat.of().toHexDigits(random.nextInt());
      out.add(new PassPlan.Place(taskId, r.serviceName(), p.deviceId(), td.family(),
          td.revision(), services.get(r.serviceName()).specHash(),
          reasons.getOrDefault(p.requestId(), "placed")));
    }
    return out;
  }
}
