package dev.backroom.hub.core.sync;

import dev.backroom.config.json.Json;
import dev.backroom.config.json.SpecHash;
import dev.backroom.config.model.Service;
import dev.backroom.config.model.TaskDefinition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the hub must write so its task definitions and services match the cloud's objects. Diff
 * only, no writes: equal specs yield nothing, so re-applying a revision (after a crash before the
 * ack) or a revision that changes nothing for this store touches no container.
 */
public final class ConvergePlan {
  private ConvergePlan() {}

  /**
   * Cloud task definitions that differ from their family's latest hub revision (or whose family
   * is new), none kept host. See {@link #taskDefinitionsToRegister(Collection, Map, Set)}.
   */
  public static List<TaskDefinition> taskDefinitionsToRegister(Collection<TaskDefinition> cloud,
      Map<String, TaskDefinition> latestByFamily) {
    return taskDefinitionsToRegister(cloud, latestByFamily, Set.of());
  }

  /**
   * Cloud task definitions that differ from their family's latest hub revision (or whose family
   * is new), as the hub would store them. The revision number is ignored: cloud specs name
   * families, the hub numbers them. A cloud spec without networkMode is compared as the hub
   * would store it: bridge, so it does not register a new revision on every sync; but host for
   * a family in {@code hostKept} (its latest revision ran host only because it named no mode
   * when that was the default), so an upgrade never moves a running family off the host network
   * unasked, and a changed spec of such a family is registered host too.
   *
   * @param hostKept families whose latest revision's host mode is a kept default
   */
  public static List<TaskDefinition> taskDefinitionsToRegister(Collection<TaskDefinition> cloud,
      Map<String, TaskDefinition> latestByFamily, Set<String> hostKept) {
    return cloud.stream()
        .map(td -> asStored(td, hostKept))
        .filter(td -> {
          TaskDefinition latest = latestByFamily.get(td.family());
          return latest == null || !SpecHash.of(latest).equals(SpecHash.of(td));
        })
        .sorted(Comparator.comparing(TaskDefinition::family)).toList();
  }

  /**
   * The families of {@code hostKept} the cloud still sends without networkMode: they stay host,
   * and the operator is told to name the mode. Sorted.
   */
  public static List<String> keptHost(Collection<TaskDefinition> cloud, Set<String> hostKept) {
    return cloud.stream().filter(td -> td.networkMode() == null && hostKept.contains(td.family()))
        .map(TaskDefinition::family).sorted().toList();
  }

  private static TaskDefinition asStored(TaskDefinition td, Set<String> hostKept) {
    if (td.networkMode() == null && hostKept.contains(td.family())) {
      return td.withNetworkMode(TaskDefinition.HOST);
    }
    // As the hub's store writes what this plan returns.
    return td.withEffectiveNetworkMode();
  }

  public enum Op { CREATE, UPDATE, DELETE, SKIP }

  /** A service the hub has; {@code cloudOwned} when cloud sync created or took it over. */
  public record Existing(Service spec, boolean cloudOwned) {}

  /** One service write; {@code spec} has the concrete family:revision (null for DELETE/SKIP). */
  public record ServiceAction(Op op, String name, Service spec, String reason) {}

  /**
   * Service writes, by name: create what is missing; update what differs or is still local
   * (cloud wins for what it sends); delete cloud-owned services it no longer sends; leave local
   * services alone. A service whose family has no revision on the hub is skipped with a reason.
   *
   * @param cloud services as the cloud sends them ({@code taskDefinition} names a family)
   * @param latestRefByFamily the family:revision each family resolves to now
   */
  public static List<ServiceAction> services(Collection<Service> cloud,
      Map<String, String> latestRefByFamily, Collection<Existing> existing) {
    Map<String, Existing> byName = existing.stream()
        .collect(Collectors.toMap(s -> s.spec().serviceName(), s -> s));
    List<ServiceAction> out = new ArrayList<>();
    for (Service s : cloud) {
      String name = s.serviceName();
      String ref = latestRefByFamily.get(s.taskDefinition());
      if (ref == null) {
        out.add(new ServiceAction(Op.SKIP, name, null,
            "no task definition of family " + s.taskDefinition() + " on the hub"));
        continue;
      }
      Service resolved = s.withTaskDefinition(ref);
      Existing have = byName.get(name);
      if (have == null) {
        out.add(new ServiceAction(Op.CREATE, name, resolved, "sent by the cloud"));
      } else if (!Json.write(have.spec()).equals(Json.write(resolved))) {
        out.add(new ServiceAction(Op.UPDATE, name, resolved, have.cloudOwned()
            ? "cloud spec differs" : "cloud takes over the local service of that name"));
      } else if (!have.cloudOwned()) {
        out.add(new ServiceAction(Op.UPDATE, name, resolved, "cloud takes over the equal local service"));
      }
    }
    Set<String> sent = cloud.stream().map(Service::serviceName).collect(Collectors.toSet());
    existing.stream()
        .filter(s -> s.cloudOwned() && !sent.contains(s.spec().serviceName()))
        .forEach(s -> out.add(new ServiceAction(Op.DELETE, s.spec().serviceName(), null,
            "no longer in the cloud's desired state")));
    out.sort(Comparator.comparing(ServiceAction::name));
    return out;
  }
}
