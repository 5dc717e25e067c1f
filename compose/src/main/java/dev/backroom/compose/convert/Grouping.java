package dev.backroom.compose.convert;

import dev.backroom.config.model.ContainerDefinition;
import dev.backroom.config.model.ContainerDependency;
import dev.backroom.config.model.HostEntry;
import dev.backroom.config.model.RuntimePlatform;
import dev.backroom.config.model.Service;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.config.model.Volume;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How Compose services become tasks: one task definition and one ECS service per Compose
 * service, except that services joined by {@code depends_on} (directly or through others) share
 * one task, one container each. Only inside one task can the agent honour start order and
 * health conditions (ECS {@code dependsOn}): separate tasks may land on separate devices and
 * start in any order. So a group runs on one device, as one unit: its members must agree on
 * replicas, mode, network mode and platform. In host mode the agent adds each other member's
 * name to /etc/hosts as 127.0.0.1, so {@code db:5432} reaches the database as in Compose.
 */
final class Grouping {
  /** A group's task definition and service, and the Compose services behind its containers. */
  record Group(TaskDefinition taskDefinition, Service service, List<String> members) {}

  private Grouping() {}

  static List<Group> compute(String project, List<ServiceSpec> specs, Problems problems) {
    Map<String, ServiceSpec> byName = new LinkedHashMap<>();
    specs.forEach(s -> byName.put(s.name(), s));
    Map<String, String> root = new LinkedHashMap<>();
    specs.forEach(s -> root.put(s.name(), s.name()));
    for (ServiceSpec s : specs) {
      for (String target : s.dependsOn().keySet()) {
        if (byName.containsKey(target)) {
          root.put(find(root, s.name()), find(root, target));
        }
      }
    }
    Map<String, List<ServiceSpec>> groups = new LinkedHashMap<>();
    for (ServiceSpec s : specs) {
      groups.computeIfAbsent(find(root, s.name()), k -> new ArrayList<>()).add(s);
    }
    List<Group> out = new ArrayList<>();
    for (List<ServiceSpec> members : groups.values()) {
      List<ServiceSpec> ordered = startOrder(members, byName, problems);
      if (ordered != null) {
        out.add(group(project, ordered, byName, problems));
      }
    }
    return out;
  }

  private static String find(Map<String, String> root, String n) {
    String r = n;
    while (!root.get(r).equals(r)) {
      r = root.get(r);
    }
    return r;
  }

  /** Dependencies first, file order otherwise; null (refused) on a cycle. */
  private static List<ServiceSpec> startOrder(List<ServiceSpec> members,
      Map<String, ServiceSpec> byName, Problems problems) {
    List<ServiceSpec> ordered = new ArrayList<>();
    Set<String> placed = new LinkedHashSet<>();
    while (ordered.size() < members.size()) {
      ServiceSpec next = null;
      for (ServiceSpec m : members) {
        if (!placed.contains(m.name()) && m.dependsOn().keySet().stream()
            .filter(byName::containsKey).allMatch(placed::contains)) {
          next = m;
          break;
        }
      }
      if (next == null) {
        for (ServiceSpec m : members) {
          if (!placed.contains(m.name())) {
            problems.add(m.name(), "services." + m.name() + ".depends_on", "depends_on forms a"
                + " cycle; no service of it could ever start");
          }
        }
        return null;
      }
      ordered.add(next);
      placed.add(next.name());
    }
    return ordered;
  }

  private static Group group(String project, List<ServiceSpec> members,
      Map<String, ServiceSpec> byName, Problems problems) {
    Set<String> targets = new LinkedHashSet<>();
    members.forEach(m -> targets.addAll(m.dependsOn().keySet()));
    List<String> entries = members.stream().map(ServiceSpec::name)
        .filter(n -> !targets.contains(n)).toList();
    String family = project + "-" + String.join("-", entries);
    ServiceSpec anchor = members.get(members.size() - 1); // the dependent: the others follow it
    for (ServiceSpec m : members) {
      agree(m, anchor, "network_mode", m.networkMode(), anchor.networkMode(), problems);
      agree(m, anchor, "deploy.replicas", m.replicas(), anchor.replicas(), problems);
      agree(m, anchor, "deploy.mode", m.global(), anchor.global(), problems);
      if (m.platform() != null && anchor.platform() != null) {
        agree(m, anchor, "platform", m.platform(), anchor.platform(), problems);
      }
    }
    RuntimePlatform platform = members.stream().map(ServiceSpec::platform)
        .filter(Objects::nonNull).findFirst().orElse(null);
    String networkMode = anchor.networkMode();
    Set<String> exits = new LinkedHashSet<>();
    members.forEach(m -> m.dependsOn().forEach((t, c) -> {
      if (ContainerDependency.SUCCESS.equals(c)) {
        exits.add(t);
      }
    }));
    List<ContainerDefinition> containers = new ArrayList<>();
    Map<String, Volume> volumes = new LinkedHashMap<>();
    for (ServiceSpec m : members) {
      ContainerDraft c = m.container();
      List<ContainerDependency> deps = new ArrayList<>();
      m.dependsOn().forEach((t, cond) -> {
        if (byName.containsKey(t)) {
          deps.add(new ContainerDependency(t, cond));
        }
      });
      c.dependsOn = deps.isEmpty() ? null : deps;
      if (exits.contains(m.name())) {
        c.essential = false; // it is meant to exit; ECS would stop the task if it were essential
      }
      if (TaskDefinition.HOST.equals(networkMode) && members.size() > 1) {
        members.stream().filter(o -> o != m)
            .forEach(o -> c.addExtraHost(new HostEntry(o.name(), "127.0.0.1")));
      }
      containers.add(c.build());
      for (Volume v : m.volumes()) {
        Volume seen = volumes.putIfAbsent(v.name(), v);
        if (seen != null && !seen.equals(v)) {
          problems.add(m.name(), "services." + m.name() + ".volumes", "volume name '" + v.name()
              + "' is used twice in one task");
        }
      }
    }
    TaskDefinition td = new TaskDefinition(family, null, containers, null, null, networkMode,
        volumes.isEmpty() ? null : List.copyOf(volumes.values()), null, null, null, null, null,
        platform);
    boolean global = anchor.global();
    Service service = new Service(family, family, global ? null
        : anchor.replicas() == null ? 1 : anchor.replicas(), null, global ? Service.DAEMON : null,
        null, null, null);
    return new Group(td, service, members.stream().map(ServiceSpec::name).toList());
  }

  private static void agree(ServiceSpec m, ServiceSpec other, String key, Object mine,
      Object theirs, Problems problems) {
    if (!Objects.equals(mine, theirs)) {
      problems.add(m.name(), "services." + m.name() + "." + key, "shares a task with "
          + other.name() + " (depends_on joins them, and only one task can honour start order),"
          + " which has " + (theirs == null ? "none" : theirs) + " while this has "
          + (mine == null ? "none" : mine) + "; give both the same");
    }
  }
}
