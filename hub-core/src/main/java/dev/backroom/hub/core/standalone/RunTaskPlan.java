package dev.backroom.hub.core.standalone;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.config.json.Json;
import dev.backroom.config.json.SpecHash;
import dev.backroom.config.model.ContainerDefinition;
import dev.backroom.config.model.KeyValuePair;
import dev.backroom.config.model.RestartPolicy;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.config.validate.TaskDefinitionValidator;
import dev.backroom.config.validate.Violation;
import dev.backroom.hub.core.scheduler.PlacementRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a RunTask request asks for, decided before anything is written: the definition each task
 * runs (overrides applied, restart policy defaulted to ECS's), its group, the digest a reused
 * client token is compared with, and one placement request per task. Pure.
 *
 * @param violations non-empty when the overrides do not fit the definition; nothing else is set
 */
public record RunTaskPlan(TaskDefinition definition, String specHash, String group,
    String digest, List<PlacementRequest> requests, List<Violation> violations) {

  /** Never restarted: an ECS RunTask container without a restartPolicy runs once. */
  static final RestartPolicy RUN_ONCE = new RestartPolicy(false, null, null, null, null);

  /**
   * Plans {@code request} (read and checked by {@link RunTaskReader}) against {@code base}, the
   * revision it resolved to.
   */
  public static RunTaskPlan compute(RunTaskRequest request, TaskDefinition base) {
    List<Violation> violations = new ArrayList<>();
    Map<String, Integer> overrideIndex = new HashMap<>();
    List<RunTaskRequest.ContainerOverride> overrides = request.containerOverrides();
    Map<String, Integer> containerIndex = new HashMap<>();
    for (int i = 0; i < base.containers().size(); i++) {
      containerIndex.put(base.containers().get(i).name(), i);
    }
    for (int i = 0; i < overrides.size(); i++) {
      String name = overrides.get(i).name();
      if (!containerIndex.containsKey(name)) {
        violations.add(new Violation("overrides.containerOverrides[" + i + "].name",
            base.ref() + " has no container " + name + "; it has "
                + String.join(", ", containerIndex.keySet().stream().sorted().toList())));
      }
      overrideIndex.put(name, i);
    }
    if (!violations.isEmpty()) {
      return refused(violations);
    }
    List<ContainerDefinition> containers = new ArrayList<>();
    for (ContainerDefinition c : base.containers()) {
      Integer o = overrideIndex.get(c.name());
      ContainerDefinition applied = o == null ? c : apply(c, overrides.get(o));
      containers.add(runOnce(applied));
    }
    TaskDefinition effective = base.withContainers(containers);
    // The overridden definition must still be one the hub would register (memory at least the
    // minimum, reservation within memory, GPUs counted): violations are reported at the
    // override that caused them.
    for (Violation v : TaskDefinitionValidator.validate(effective)) {
      violations.add(atOverride(v, base, overrideIndex));
    }
    if (!violations.isEmpty()) {
      return refused(violations);
    }
    String group = request.group() != null ? request.group() : "family:" + base.family();
    String key = schedulerKey(group);
    List<PlacementRequest> requests = new ArrayList<>();
    for (int i = 0; i < request.countOrDefault(); i++) {
      requests.add(new PlacementRequest(String.format("run#%02d", i), key, effective,
          request.placementConstraints(), request.placementStrategy(), null));
    }
    return new RunTaskPlan(effective, SpecHash.of(effective), group, digest(request, base, group),
        List.copyOf(requests), List.of());
  }

  /**
   * The scheduler's service key for standalone tasks of {@code group}: what distinctInstance
   * and spreading count against. No service name contains ':', so it never meets a service.
   */
  public static String schedulerKey(String group) {
    return PlacementRequest.GROUP_KEY_PREFIX + group;
  }

  public boolean ok() {
    return violations.isEmpty();
  }

  private static RunTaskPlan refused(List<Violation> violations) {
    return new RunTaskPlan(null, null, null, null, List.of(), List.copyOf(violations));
  }

  /**
   * The request's parameters with their defaults filled in: "count": 1 is the same request as no
   * count, a bare family the same as the revision it resolved to.
   */
  static String digest(RunTaskRequest request, TaskDefinition base, String group) {
    RunTaskRequest normal = new RunTaskRequest(base.ref(), request.countOrDefault(),
        request.overrides(), request.placementConstraints(), request.placementStrategy(),
        request.startedBy(), group, null, request.cluster(), request.launchType());
    return SpecHash.sha256(Json.write(normal));
  }

  static ContainerDefinition apply(ContainerDefinition c, RunTaskRequest.ContainerOverride o) {
    return c.withOverrides(
        o.command() != null ? o.command() : c.command(),
        mergeEnvironment(c.environment(), o.environment()),
        o.cpu() != null ? o.cpu() : c.cpu(),
        o.memory() != null ? o.memory() : c.memory(),
        o.memoryReservation() != null ? o.memoryReservation() : c.memoryReservation(),
        o.resourceRequirements() != null ? o.resourceRequirements() : c.resourceRequirements());
  }

  /** ECS: an override replaces a variable of the same name and adds the others, in order. */
  static List<KeyValuePair> mergeEnvironment(List<KeyValuePair> base, List<KeyValuePair> over) {
    if (over == null) {
      return base;
    }
    Map<String, KeyValuePair> merged = new LinkedHashMap<>();
    if (base != null) {
      base.forEach(kv -> merged.put(kv.name(), kv));
    }
    over.forEach(kv -> merged.put(kv.name(), kv));
    return List.copyOf(merged.values());
  }

  /**
   * The container with ECS's RunTask default of no restarts when it names no restart policy.
   * Services keep Backroom's default (always). Set through the JSON tree so every other field of
   * the container passes through untouched, whatever fields the model gains.
   */
  static ContainerDefinition runOnce(ContainerDefinition c) {
    if (c.restartPolicy() != null) {
      return c;
    }
    ObjectNode tree = Json.mapper().valueToTree(c);
    tree.set("restartPolicy", Json.mapper().valueToTree(RUN_ONCE));
    return Json.mapper().convertValue(tree, ContainerDefinition.class);
  }

  /** A violation of the effective definition, moved to the override of its container. */
  private static Violation atOverride(Violation v, TaskDefinition base,
      Map<String, Integer> overrideIndex) {
    String prefix = "containerDefinitions[";
    if (v.path().startsWith(prefix)) {
      int close = v.path().indexOf(']');
      int i = Integer.parseInt(v.path().substring(prefix.length(), close));
      Integer o = overrideIndex.get(base.containers().get(i).name());
      if (o != null) {
        return new Violation("overrides.containerOverrides[" + o + "]"
            + v.path().substring(close + 1), v.reason());
      }
    }
    return new Violation("taskDefinition", base.ref() + " with these overrides: " + v.path()
        + " " + v.reason());
  }
}
