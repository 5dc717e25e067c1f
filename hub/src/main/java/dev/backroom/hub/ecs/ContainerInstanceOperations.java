package dev.backroom.hub.ecs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.config.constraint.ConstraintExpression;
import dev.backroom.config.constraint.ConstraintParser;
import dev.backroom.config.constraint.ConstraintSyntaxException;
import dev.backroom.ecs.paging.Paging;
import dev.backroom.ecs.shapes.ContainerInstanceShapes;
import dev.backroom.ecs.shapes.Tags;
import dev.backroom.ecs.wire.EcsDispatcher;
import dev.backroom.ecs.wire.EcsError;
import dev.backroom.ecs.wire.EcsJson;
import dev.backroom.ecs.wire.EcsRequest;
import dev.backroom.ecs.wire.EpochSeconds;
import dev.backroom.hub.core.scheduler.HostPort;
import dev.backroom.hub.devices.DeviceAttributeStore;
import dev.backroom.hub.store.DeviceStore;
import dev.backroom.hub.store.TaskRecord;
import dev.backroom.hub.store.TaskSpecs;
import dev.backroom.hub.store.TaskStore;
import dev.backroom.hub.views.DeviceView;
import dev.backroom.hub.views.DeviceViews;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * ListContainerInstances and DescribeContainerInstances: every device is a container instance
 * (see {@link ContainerInstances}); {@code filter} is the cluster query language of
 * {@code memberOf}, evaluated by the same parser and evaluator placement uses, over the same
 * attributes.
 */
@ApplicationScoped
public class ContainerInstanceOperations implements EcsOperationSet {
  static final Set<String> STATUSES = Set.of("ACTIVE", "DRAINING", "REGISTERING",
      "DEREGISTERING", "REGISTRATION_FAILED");
  static final Set<String> INCLUDE = Set.of("TAGS", "CONTAINER_INSTANCE_HEALTH");
  static final int MAX_DESCRIBE = 100;

  @Inject HubCluster cluster;
  @Inject ContainerInstances instances;
  @Inject DeviceViews devices;
  @Inject DeviceStore deviceStore;
  @Inject TaskStore tasks;
  @Inject TaskSpecs specs;
  @Inject EcsTags tags;

  @Override
  public void register(EcsDispatcher.Builder<EcsCaller> ops) {
    ops.read("ListContainerInstances",
        Set.of("cluster", "filter", "status", "maxResults", "nextToken"), (r, c) -> list(r));
    ops.read("DescribeContainerInstances", Set.of("cluster", "containerInstances", "include"),
        (r, c) -> describe(r));
  }

  ObjectNode list(EcsRequest r) {
    cluster.require(r);
    Optional<ConstraintExpression> filter = r.string("filter").map(f -> {
      try {
        return ConstraintParser.parse(f);
      } catch (ConstraintSyntaxException e) {
        throw EcsError.invalidParameter("filter: " + e.getMessage()
            + " (Backroom evaluates attribute:NAME subjects)");
      }
    });
    Optional<String> status = r.string("status");
    status.filter(s -> !STATUSES.contains(s)).ifPresent(s -> {
      throw EcsError.invalidParameter("status: unknown value " + s + "; one of "
          + String.join(", ", new TreeSet<>(STATUSES)));
    });
    List<String> arns = devices.list().stream()
        .filter(v -> status.isEmpty() || status.get().equals(ContainerInstances.status(v)))
        .filter(v -> filter.isEmpty() || filter.get().test(v.attributes()))
        .map(v -> instances.arn(v.deviceId())).toList();
    Paging.Page<String> page = Paging.page(arns, a -> a, r, 100);
    ObjectNode out = EcsJson.mapper().createObjectNode();
    page.items().forEach(out.putArray("containerInstanceArns")::add);
    page.nextToken().ifPresent(t -> out.put("nextToken", t));
    return out;
  }

  ObjectNode describe(EcsRequest r) {
    cluster.require(r);
    Set<String> include = new TreeSet<>(r.strings("include"));
    for (String i : include) {
      if (!INCLUDE.contains(i)) {
        throw EcsError.invalidParameter("include: unknown value " + i + "; one of "
            + String.join(", ", new TreeSet<>(INCLUDE)));
      }
    }
    if (!r.body().hasNonNull("containerInstances")) {
      throw EcsError.invalidParameter(
          "Missing required parameter in input: \"containerInstances\"");
    }
    List<String> asked = r.strings("containerInstances");
    if (asked.isEmpty() || asked.size() > MAX_DESCRIBE) {
      throw EcsError.invalidParameter("containerInstances: between 1 and " + MAX_DESCRIBE
          + " container instances, got " + asked.size());
    }
    Map<String, DeviceView> views = devices.list().stream()
        .collect(Collectors.toMap(DeviceView::deviceId, Function.identity()));
    Map<String, Instant> registeredAt = deviceStore.firstSeen();
    Map<String, Set<HostPort>> ports = portsInUse();
    ObjectNode out = EcsJson.mapper().createObjectNode();
    ArrayNode found = out.putArray("containerInstances");
    ArrayNode failures = out.putArray("failures");
    for (String ref : asked) {
      Optional<String> id;
      try {
        id = instances.deviceId(ref);
      } catch (EcsError e) {
        failures.addObject().put("arn", ref).put("reason", "MISSING").put("detail", e.getMessage());
        continue;
      }
      DeviceView v = id.map(views::get).orElse(null);
      if (v == null) {
        failures.addObject().put("arn", ref).put("reason", "MISSING");
        continue;
      }
      ObjectNode ci = view(v, registeredAt.get(v.deviceId()),
          ports.getOrDefault(v.deviceId(), Set.of()));
      if (include.contains("TAGS")) {
        ci.set("tags", Tags.json(tags.list(ci.get("containerInstanceArn").asText())));
      }
      if (include.contains("CONTAINER_INSTANCE_HEALTH")) {
        ci.set("healthStatus", health(v));
      }
      found.add(ci);
    }
    return out;
  }

  private ObjectNode view(DeviceView v, Instant registeredAt, Set<HostPort> used) {
    ObjectNode ci = EcsJson.mapper().createObjectNode();
    ci.put("containerInstanceArn", instances.arn(v.deviceId()));
    // ECS shows an external instance's SSM managed-instance id (mi-...) here; a Backroom device
    // has no such id, and its own id is what names it everywhere else.
    ci.put("ec2InstanceId", v.deviceId());
    ci.put("status", ContainerInstances.status(v));
    String reason = ContainerInstances.statusReason(v);
    if (reason != null) {
      ci.put("statusReason", reason);
    }
    ci.put("agentConnected", ContainerInstances.agentConnected(v));
    ObjectNode version = ci.putObject("versionInfo");
    if (v.agentVersion() != null) {
      version.put("agentVersion", v.agentVersion());
    }
    ci.set("registeredResources", resources(v.registeredResources(), Set.of()));
    ci.set("remainingResources", resources(v.remainingResources(), used));
    ArrayNode attributes = ci.putArray("attributes");
    v.attributes().forEach((name, value) -> {
      ObjectNode a = attributes.addObject().put("name", name);
      if (!DeviceAttributeStore.NO_VALUE.equals(value)) {
        a.put("value", value);
      }
    });
    ci.put("runningTasksCount", v.runningTasksCount());
    ci.put("pendingTasksCount", v.pendingTasksCount());
    if (registeredAt != null) {
      ci.set("registeredAt", EpochSeconds.toJson(registeredAt));
    }
    return ci;
  }

  /** Resources as ECS writes them ({@link ContainerInstanceShapes#resources}). */
  private static ArrayNode resources(DeviceView.Resources r, Set<HostPort> used) {
    Map<String, List<Integer>> ports = new HashMap<>();
    used.forEach(p -> ports.computeIfAbsent(p.protocol(), k -> new java.util.ArrayList<>())
        .add(p.port()));
    return ContainerInstanceShapes.resources(r.cpu(), r.memory(), r.gpus(), ports);
  }

  /** The host ports each device's active tasks bind, sorted. */
  private Map<String, Set<HostPort>> portsInUse() {
    Map<String, Set<HostPort>> out = new HashMap<>();
    for (TaskRecord t : tasks.listActive()) {
      try {
        List<HostPort> p = HostPort.of(specs.of(t));
        if (!p.isEmpty()) {
          out.computeIfAbsent(t.deviceId(), k -> new TreeSet<>()).addAll(p);
        }
      } catch (NoSuchElementException e) {
        // its definition is gone (deleted meanwhile); it binds nothing the hub can name
      }
    }
    return out;
  }

  /** The hub's one health check of a device: its heartbeat. */
  private static ObjectNode health(DeviceView v) {
    boolean ok = !"LOST".equals(v.status());
    ObjectNode h = EcsJson.mapper().createObjectNode();
    h.put("overallStatus", ok ? "OK" : "IMPAIRED");
    ObjectNode d = h.putArray("details").addObject().put("type", "CONTAINER_RUNTIME")
        .put("status", ok ? "OK" : "IMPAIRED");
    if (!ok) {
      d.put("statusReason", "no heartbeat from the device's agent within the timeout");
    }
    if (v.lastSeen() != null) {
      d.set("lastUpdated", EpochSeconds.toJson(v.lastSeen()));
    }
    return h;
  }
}
