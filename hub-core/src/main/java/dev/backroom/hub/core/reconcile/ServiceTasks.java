package dev.backroom.hub.core.reconcile;

import java.util.ArrayList;
import java.util.List;

/**
 * One desired service's observed tasks, sorted by what their hold and device say about them
 * before any rollout rule runs. Held and lost tasks are already in their buckets; {@code current}
 * (tasks on READY or DRAINING devices) is what the rules decide about. Each list is in task id
 * order.
 */
record ServiceTasks(List<ObservedTask> held, List<ObservedTask> lost, List<ObservedTask> current) {

  static ServiceTasks empty() {
    return new ServiceTasks(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
  }
}
