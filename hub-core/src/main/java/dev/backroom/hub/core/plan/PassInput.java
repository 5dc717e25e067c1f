package dev.backroom.hub.core.plan;

import dev.backroom.hub.core.reconcile.DesiredService;
import dev.backroom.hub.core.reconcile.DesiredState;
import dev.backroom.hub.core.reconcile.ObservedTask;
import dev.backroom.hub.core.scheduler.Allocation;
import dev.backroom.hub.core.scheduler.DeviceSnapshot;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything one control-loop pass decides from, read before it decides.
 *
 * @param serviceTasks the active tasks of services, health already judged by the caller
 * @param standaloneTasks the active tasks of no service (ECS RunTask)
 * @param allocations what every active task holds, in the order read; the planner drops those
 *     of the tasks it stops before placing around the rest
 * @param draining devices draining and not yet marked drained, with the drain's reason (may be
 *     null)
 * @param rollouts the services' specs and deployments, for the rollout decisions
 * @param seed the only randomness: the scheduler's tie-breaks and the new tasks' ids
 */
public record PassInput(
    DesiredState desired,
    List<ObservedTask> serviceTasks,
    List<ObservedTask> standaloneTasks,
    List<DeviceSnapshot> devices,
    List<Allocation> allocations,
    Map<String, String> draining,
    RolloutInput rollouts,
    long nowMillis,
    long seed) {

  public PassInput {
    serviceTasks = List.copyOf(serviceTasks);
    standaloneTasks = List.copyOf(standaloneTasks);
    devices = List.copyOf(devices);
    allocations = List.copyOf(allocations);
    draining = Collections.unmodifiableMap(new TreeMap<>(draining)); // a reason may be null
    for (DesiredService s : desired.services()) {
      if (!rollouts.specs().containsKey(s.serviceName())) {
        throw new IllegalArgumentException("no spec for service " + s.serviceName()
            + " in the rollout input");
      }
    }
  }
}
