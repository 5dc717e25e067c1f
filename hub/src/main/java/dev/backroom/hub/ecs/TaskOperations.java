package dev.backroom.hub.ecs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.ecs.arn.Arns;
import dev.backroom.ecs.paging.Paging;
import dev.backroom.ecs.shapes.Tags;
import dev.backroom.ecs.wire.EcsDispatcher;
import dev.backroom.ecs.wire.EcsError;
import dev.backroom.ecs.wire.EcsJson;
import dev.backroom.ecs.wire.EcsRequest;
import dev.backroom.hub.api.TaskStops;
import dev.backroom.hub.core.standalone.RunTaskFailure;
import dev.backroom.hub.standalone.StandaloneTasks;
import dev.backroom.hub.store.ServiceStore;
import dev.backroom.hub.store.StandaloneTaskStore;
import dev.backroom.hub.store.TaskDefinitionStore;
import dev.backroom.hub.store.TaskRecord;
import dev.backroom.hub.store.TaskSpecs;
import dev.backroom.hub.store.TaskStore;
import dev.backroom.hub.views.DeviceView;
import dev.backroom.hub.views.DeviceViews;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * RunTask, StartTask, StopTask, ListTasks and DescribeTasks over the hub's tasks: RunTask and
 * StartTask are the REST API's standalone tasks ({@link StandaloneTasks}: client token,
 * overrides, count, startedBy, group), StopTask is its stop ({@link TaskStops}). A container
 * instance is a device: its id is the device id.
 */
@ApplicationScoped
public class TaskOperations implements EcsOperationSet {
  static final int MAX_DESCRIBED = 100;
  static final int MAX_STARTED = 10;

  @Inject HubCluster cluster;
  @Inject StandaloneTasks standaloneTasks;
  @Inject TaskStops stops;
  @Inject TaskStore tasks;
  @Inject StandaloneTaskStore standalone;
  @Inject TaskSpecs specs;
  @Inject TaskDefinitionStore taskDefinitions;
  @Inject ServiceStore services;
  @Inject DeviceViews devices;
  @Inject EcsTags tags;

  @Override
  public void register(EcsDispatcher.Builder<EcsCaller> ops) {
    ops.write("RunTask", RunTaskInput.RUN_MEMBERS, this::run);
    ops.write("StartTask", RunTaskInput.START_MEMBERS, this::start);
    ops.write("StopTask", Set.of("cluster", "task", "reason"), this::stop);
    ops.read("ListTasks", Set.of("cluster", "containerInstance", "daemonName", "desiredStatus",
        "family", "launchType", "maxResults", "nextToken", "serviceName", "startedBy"),
        (r, c) -> list(r));
    ops.read("DescribeTasks", Set.of("cluster", "include", "tasks"), (r, c) -> describe(r));
  }

  ObjectNode run(EcsRequest r, EcsCaller caller) {
    cluster.require(r);
    RunTaskInput.Input in = RunTaskInput.read(r, cluster.arns(), null);
    Map<String, String> taskTags = tagsOf(in);
    StandaloneTasks.Outcome out = refusedAsEcs(() -> standaloneTasks.run(in.request(),
        caller.owner()));
    return answer(out.taskIds(), failures(out.failures()), taskTags);
  }

  /** One task on each named device, pinned there; an unknown device is a MISSING failure. */
  ObjectNode start(EcsRequest r, EcsCaller caller) {
    cluster.require(r);
    List<String> refs = r.strings("containerInstances");
    if (refs.isEmpty() || refs.size() > MAX_STARTED) {
      throw EcsError.invalidParameter("containerInstances: 1 to " + MAX_STARTED
          + " container instances, got " + refs.size());
    }
    Set<String> known = devices.list().stream().map(DeviceView::deviceId)
        .collect(Collectors.toSet());
    Set<String> named = new LinkedHashSet<>();
    ArrayNode failures = EcsJson.mapper().createArrayNode();
    for (String ref : refs) {
      String device = deviceOf(ref);
      if (!named.add(device)) {
        throw EcsError.invalidParameter("containerInstances: " + ref + " is named twice; StartTask"
            + " starts one task on each container instance");
      }
      if (!known.contains(device)) {
        failures.addObject().put("arn", instanceArn(device)).put("reason", "MISSING")
            .put("detail", "no device " + device + " has registered with the hub");
      }
    }
    List<String> targets = named.stream().filter(known::contains).toList();
    // Read and checked even when no device is left, so a bad request is refused either way.
    RunTaskInput.Input in = RunTaskInput.read(r, cluster.arns(), Math.max(1, targets.size()));
    Map<String, String> taskTags = tagsOf(in);
    if (targets.isEmpty()) {
      return answer(List.of(), failures, taskTags);
    }
    StandaloneTasks.Outcome out = refusedAsEcs(() -> standaloneTasks.start(in.request(), targets,
        caller.owner()));
    failures.addAll(failures(out.failures()));
    return answer(out.taskIds(), failures, taskTags);
  }

  ObjectNode stop(EcsRequest r, EcsCaller caller) {
    cluster.require(r);
    String id = taskIdOf(r.requiredString("task"));
    TaskStops.Result res = stops.stop(id, r.string("reason").orElse(null), caller.owner());
    if (res.outcome() == TaskStops.Outcome.NOT_FOUND) {
      throw EcsError.invalidParameter("The referenced task was not found.");
    }
    // A task stopped before is answered as it is, as ECS does: stopping is idempotent.
    ObjectNode out = EcsJson.mapper().createObjectNode();
    out.set("task", render(res.task(), false));
    return out;
  }

  ObjectNode list(EcsRequest r) {
    cluster.require(r);
    if (r.string("daemonName").isPresent()) {
      throw EcsError.invalidParameter("daemonName: Backroom has no ECS daemons; a DAEMON"
          + " service's tasks are listed by serviceName");
    }
    String device = r.string("containerInstance").map(this::deviceOf).orElse(null);
    String service = r.string("serviceName")
        .map(s -> cluster.arns().parse(Arns.Kind.SERVICE, s)).map(ref -> {
          cluster.require(ref.cluster());
          return ref.name();
        }).orElse(null);
    if (service != null && services.find(service).isEmpty()) {
      throw EcsError.serviceNotFound();
    }
    String desired = r.string("desiredStatus").orElse(TaskRecord.RUNNING);
    String launchType = r.string("launchType").orElse("EXTERNAL");
    if (!Set.of("RUNNING", "PENDING", "STOPPED").contains(desired)) {
      throw EcsError.invalidParameter("desiredStatus: one of RUNNING, PENDING, STOPPED, got "
          + desired);
    }
    if (!Set.of("EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES").contains(launchType)) {
      throw EcsError.invalidParameter("launchType: one of EC2, FARGATE, EXTERNAL,"
          + " MANAGED_INSTANCES, got " + launchType);
    }
    // A task's desired status is never PENDING, and every hub task is EXTERNAL: as on ECS,
    // those filters match nothing rather than being refused.
    List<String> arns = desired.equals("PENDING") || !launchType.equals("EXTERNAL") ? List.of()
        : tasks.ids(desired, service, r.string("family").orElse(null),
            r.string("startedBy").orElse(null), device).stream()
            .map(id -> cluster.arns().task(cluster.name(), id)).toList();
    Paging.Page<String> page = Paging.page(arns, a -> a, r, Paging.MAX_RESULTS);
    ObjectNode out = EcsJson.mapper().createObjectNode();
    page.items().forEach(out.putArray("taskArns")::add);
    page.nextToken().ifPresent(t -> out.put("nextToken", t));
    return out;
  }

  ObjectNode describe(EcsRequest r) {
    cluster.require(r);
    boolean withTags = false;
    for (String include : r.strings("include")) {
      if (!include.equals("TAGS")) {
        throw EcsError.invalidParameter("include: TAGS is the one value, got " + include);
      }
      withTags = true;
    }
    List<String> refs = r.strings("tasks");
    if (refs.isEmpty() || refs.size() > MAX_DESCRIBED) {
      throw EcsError.invalidParameter("tasks: 1 to " + MAX_DESCRIBED + " tasks, got "
          + refs.size());
    }
    ObjectNode out = EcsJson.mapper().createObjectNode();
    ArrayNode found = out.putArray("tasks");
    ArrayNode failures = out.putArray("failures");
    for (String ref : refs) {
      Arns.Ref parsed = cluster.arns().parse(Arns.Kind.TASK, ref);
      boolean ours = parsed.cluster().map(cluster::isThis).orElse(true);
      TaskRecord t = ours ? tasks.find(parsed.name()).orElse(null) : null;
      if (t == null) {
        failures.addObject().put("arn", ref.startsWith("arn:") ? ref
            : cluster.arns().task(cluster.name(), parsed.name())).put("reason", "MISSING");
      } else {
        found.add(render(t, withTags));
      }
    }
    return out;
  }

  private ObjectNode answer(List<String> ids, ArrayNode failures, Map<String, String> taskTags) {
    ObjectNode out = EcsJson.mapper().createObjectNode();
    ArrayNode started = out.putArray("tasks");
    for (String id : ids) {
      String arn = cluster.arns().task(cluster.name(), id);
      tags.put(arn, taskTags);
      started.add(render(tasks.find(id).orElseThrow(), !taskTags.isEmpty()));
    }
    out.set("failures", failures);
    return out;
  }

  /**
   * The tags each task gets: the definition's with propagateTags TASK_DEFINITION (those it was
   * registered with and those tagged on its ARN since), then the request's, which win. Counted
   * before anything starts, so too many is refused with nothing run.
   */
  private Map<String, String> tagsOf(RunTaskInput.Input in) {
    Map<String, String> all = new LinkedHashMap<>();
    if (in.propagate() == dev.backroom.ecs.shapes.RunTaskMembers.Propagate.TASK_DEFINITION) {
      taskDefinitions.resolve(in.request().taskDefinition()).ifPresent(td -> {
        if (td.tags() != null) {
          td.tags().forEach(t -> all.put(t.key(), t.value() == null ? "" : t.value()));
        }
        all.putAll(tags.list(cluster.arns().taskDefinition(td.family(), td.revision())));
      });
    }
    all.putAll(in.tags());
    if (all.size() > Tags.MAX_TAGS) {
      throw EcsError.invalidParameter("a task holds at most " + Tags.MAX_TAGS + " tags; these"
          + " would be " + all.size() + " (propagated from the task definition and given)");
    }
    return all;
  }

  private ObjectNode render(TaskRecord t, boolean withTags) {
    TaskDefinition td;
    try {
      td = specs.of(t);
    } catch (NoSuchElementException e) {
      td = null; // its revision was deleted; the task is still shown
    }
    String arn = cluster.arns().task(cluster.name(), t.taskId());
    return TaskRenderer.render(cluster.arns(), cluster.name(), new TaskRenderer.Parts(t,
        t.serviceName() == null ? standalone.find(t.taskId()).orElse(null) : null, td,
        withTags ? tags.list(arn) : null));
  }

  private ArrayNode failures(List<RunTaskFailure> list) {
    ArrayNode out = EcsJson.mapper().createArrayNode();
    for (RunTaskFailure f : list) {
      ObjectNode o = out.addObject();
      if (f.arn() != null) {
        o.put("arn", instanceArn(f.arn()));
      }
      o.put("reason", f.reason()).put("detail", f.detail());
    }
    return out;
  }

  private StandaloneTasks.Outcome refusedAsEcs(Supplier<StandaloneTasks.Outcome> call) {
    try {
      return call.get();
    } catch (StandaloneTasks.Refused e) {
      throw switch (e.status()) {
        case 400 -> EcsError.invalidParameter(RunTaskInput.describe(e.violations()));
        case 409 -> EcsError.conflict(e.getMessage(), e.taskIds().stream()
            .map(id -> cluster.arns().task(cluster.name(), id)).toList());
        // the core thread is busy: a fault clients retry, in words that leak nothing
        default -> EcsError.server(e.getMessage());
      };
    }
  }

  private String deviceOf(String containerInstance) {
    Arns.Ref ref = cluster.arns().parse(Arns.Kind.CONTAINER_INSTANCE, containerInstance);
    cluster.require(ref.cluster());
    return ref.name();
  }

  private String taskIdOf(String task) {
    Arns.Ref ref = cluster.arns().parse(Arns.Kind.TASK, task);
    cluster.require(ref.cluster());
    return ref.name();
  }

  private String instanceArn(String deviceId) {
    return cluster.arns().containerInstance(cluster.name(), deviceId);
  }
}
