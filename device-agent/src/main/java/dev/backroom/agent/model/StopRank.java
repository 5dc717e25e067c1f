package dev.backroom.agent.model;

import dev.backroom.config.model.ContainerDefinition;
import dev.backroom.config.model.ContainerDependency;
import dev.backroom.config.model.TaskDefinition;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A container's place in its task's shutdown: its dependency depth in the task definition, 0
 * without dependencies, else one more than its deepest dependency. A higher rank stops first, so
 * a database (0) outlives the application (1) that depends on it. Here, in the model, because
 * both the runtime (which records the rank in a label at create time) and the reconciler (which
 * orders stops by it) need it.
 */
public final class StopRank {

  private StopRank() {}

  /** The rank of {@code d}'s container in its task's definition. */
  public static int of(DesiredContainer d) {
    return depths(d.task()).getOrDefault(d.key().containerName(), 0);
  }

  /** Per container name of {@code td}; empty for a null definition. */
  public static Map<String, Integer> depths(TaskDefinition td) {
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
