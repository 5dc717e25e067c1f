package dev.backroom.agent.reconcile;

import dev.backroom.agent.model.ContainerKey;
import dev.backroom.agent.model.DesiredState;
import dev.backroom.agent.model.ObservedContainer;
import dev.backroom.config.model.ContainerDefinition;
import dev.backroom.config.model.ContainerDependency;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.mqtt.message.AssignedTask;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * ECS shuts a task down in reverse dependency order: dependents first, so a database outlives
 * the application that writes to it. The applier stops and removes one container after the
 * other in bucket order, and each stop waits for the container to exit, so ordering the buckets
 * is enough.
 *
 * <p>Within a task, a container goes before the ones it depends on (by the longest dependency
 * chain below it in the task's current definition); where the definition does not tell (the
 * task left the assignment, or no dependsOn), the one started last goes first, which is the
 * reverse of the order the dependency gate started them in. Tasks keep their order of first
 * appearance, and ties keep the input order.
 */
public final class ShutdownOrder {

  private ShutdownOrder() {}

  /**
   * @param items stops or removals, in the reconciler's order
   * @param observed the container each item acts on
   * @param desired the assignment, for the dependencies of tasks still in it
   */
  public static <T> List<T> order(List<T> items, Function<T, ObservedContainer> observed,
      DesiredState desired) {
    Map<String, TaskDefinition> defs = new HashMap<>();
    for (AssignedTask t : desired.tasks()) {
      defs.put(t.taskId(), t.taskDefinition());
    }
    Map<String, List<T>> byTask = new LinkedHashMap<>();
    for (T item : items) {
      ContainerKey key = observed.apply(item).key();
      byTask.computeIfAbsent(key == null ? "" : key.taskId(), k -> new ArrayList<>()).add(item);
    }
    List<T> out = new ArrayList<>(items.size());
    for (Map.Entry<String, List<T>> e : byTask.entrySet()) {
      Map<String, Integer> depth = depths(defs.get(e.getKey()));
      List<T> group = new ArrayList<>(e.getValue());
      group.sort(Comparator.comparing((T item) -> -depthOf(observed.apply(item), depth))
          .thenComparing(item -> observed.apply(item).startedAt(),
              Comparator.nullsLast(Comparator.<Instant>reverseOrder())));
      out.addAll(group);
    }
    return out;
  }

  private static int depthOf(ObservedContainer o, Map<String, Integer> depth) {
    return o.key() == null ? 0 : depth.getOrDefault(o.key().containerName(), 0);
  }

  /** Per container name: 0 without dependencies, else one more than its deepest dependency. */
  static Map<String, Integer> depths(TaskDefinition td) {
    Map<String, Integer> depth = new HashMap<>();
    if (td == null || td.containerDefinitions() == null) {
      return depth;
    }
    Map<String, ContainerDefinition> byName = new HashMap<>();
    for (ContainerDefinition c : td.containerDefinitions()) {
      if (c != null && c.name() != null) {
        byName.put(c.name(), c);
      }
    }
    for (String name : byName.keySet()) {
      depth(name, byName, depth, new HashSet<>());
    }
    return depth;
  }

  private static int depth(String name, Map<String, ContainerDefinition> byName,
      Map<String, Integer> memo, Set<String> visiting) {
    Integer known = memo.get(name);
    if (known != null) {
      return known;
    }
    ContainerDefinition c = byName.get(name);
    if (c == null || !visiting.add(name)) {
      return 0; // unknown target or a cycle (the validator refuses both): no ordering from it
    }
    int d = 0;
    for (ContainerDependency dep : c.dependencies()) {
      if (dep != null && dep.containerName() != null) {
        d = Math.max(d, 1 + depth(dep.containerName(), byName, memo, visiting));
      }
    }
    visiting.remove(name);
    memo.put(name, d);
    return d;
  }
}
