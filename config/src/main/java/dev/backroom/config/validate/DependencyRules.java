package dev.backroom.config.validate;

import dev.backroom.config.model.ContainerDefinition;
import dev.backroom.config.model.ContainerDependency;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.config.model.VolumeFrom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code dependsOn} and {@code volumesFrom} between the containers of one task: targets exist,
 * conditions are ECS's (COMPLETE and SUCCESS may not wait for an essential container, which
 * would stop the task by exiting; HEALTHY needs a health check), and no container waits for
 * itself through a cycle, which would leave the task pending for ever.
 */
final class DependencyRules {
  private DependencyRules() {}

  static void validate(TaskDefinition td, Violations v) {
    Map<String, ContainerDefinition> byName = new HashMap<>();
    for (ContainerDefinition c : td.containers()) {
      if (c != null && c.name() != null) {
        byName.putIfAbsent(c.name(), c);
      }
    }
    Map<String, List<String>> edges = new HashMap<>();
    List<ContainerDefinition> cs = td.containers();
    for (int i = 0; i < cs.size(); i++) {
      ContainerDefinition c = cs.get(i);
      if (c == null || c.name() == null) {
        continue;
      }
      String p = "containerDefinitions[" + i + "]";
      List<String> out = edges.computeIfAbsent(c.name(), k -> new ArrayList<>());
      List<ContainerDependency> deps = c.dependencies();
      for (int j = 0; j < deps.size(); j++) {
        String dp = p + ".dependsOn[" + j + "]";
        ContainerDependency d = deps.get(j);
        ContainerDefinition target = d == null ? null : byName.get(d.containerName());
        if (target == null || target == c) {
          v.add(dp + ".containerName", "must name another container of the task");
          continue;
        }
        out.add(target.name());
        if (d.condition() == null || !ContainerDependency.CONDITIONS.contains(d.condition())) {
          v.add(dp + ".condition", "must be one of " + ContainerDependency.CONDITIONS);
        } else if ((ContainerDependency.COMPLETE.equals(d.condition())
            || ContainerDependency.SUCCESS.equals(d.condition())) && target.isEssential()) {
          v.add(dp + ".condition", d.condition() + " waits for " + target.name() + " to exit,"
              + " but it is essential and its exit stops the task; mark it essential: false");
        } else if (ContainerDependency.HEALTHY.equals(d.condition())
            && target.healthCheck() == null) {
          v.add(dp + ".condition", "HEALTHY needs a healthCheck on " + target.name());
        }
      }
      List<VolumeFrom> from = c.volumesFrom();
      for (int j = 0; from != null && j < from.size(); j++) {
        VolumeFrom f = from.get(j);
        ContainerDefinition source = f == null ? null : byName.get(f.sourceContainer());
        if (source == null || source == c) {
          v.add(p + ".volumesFrom[" + j + "].sourceContainer",
              "must name another container of the task");
        } else {
          out.add(source.name()); // the source must exist before this container is created
        }
      }
    }
    String cycle = findCycle(edges);
    if (cycle != null) {
      v.add("containerDefinitions", "dependsOn/volumesFrom form a cycle (" + cycle
          + "); no container of it could ever start");
    }
  }

  private static String findCycle(Map<String, List<String>> edges) {
    Set<String> done = new HashSet<>();
    for (String start : edges.keySet().stream().sorted().toList()) {
      List<String> path = new ArrayList<>();
      String found = visit(start, edges, done, path, new HashSet<>());
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static String visit(String node, Map<String, List<String>> edges, Set<String> done,
      List<String> path, Set<String> onPath) {
    if (onPath.contains(node)) {
      List<String> loop = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
      loop.add(node);
      return String.join(" -> ", loop);
    }
    if (!done.add(node)) {
      return null;
    }
    onPath.add(node);
    path.add(node);
    for (String next : edges.getOrDefault(node, List.of())) {
      String found = visit(next, edges, done, path, onPath);
      if (found != null) {
        return found;
      }
    }
    path.remove(path.size() - 1);
    onPath.remove(node);
    return null;
  }
}
