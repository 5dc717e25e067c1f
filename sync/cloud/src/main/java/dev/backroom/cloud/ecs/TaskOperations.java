package dev.backroom.cloud.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.cloud.desired.DesiredStore;
import dev.backroom.ecs.arn.Arns;
import dev.backroom.ecs.paging.Paging;
import dev.backroom.ecs.shapes.RunTaskMembers;
import dev.backroom.ecs.wire.EcsDispatcher;
import dev.backroom.ecs.wire.EcsError;
import dev.backroom.ecs.wire.EcsJson;
import dev.backroom.ecs.wire.EcsRequest;
import dev.backroom.sync.wire.DesiredKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * ListTasks and DescribeTasks from what the cluster's stores report ({@link ReportedStores}); a
 * group cluster's tasks are those of its stores. RunTask and StartTask put one-off tasks as
 * desired TASK objects ({@link CloudRunTasks}), StopTask stops them ({@link CloudTaskObjects}).
 */
@ApplicationScoped
public class TaskOperations implements EcsOperationSet {
  static final int MAX_DESCRIBED = 100;

  @Inject Clusters clusters;
  @Inject ReportedStores reported;
  @Inject DesiredStore desired;
  @Inject CloudRunTasks runs;
  @Inject CloudTaskObjects objects;

  @Override
  public void register(EcsDispatcher.Builder<EcsCaller> ops) {
    ops.read("ListTasks", Set.of("cluster", "containerInstance", "daemonName", "desiredStatus",
        "family", "launchType", "maxResults", "nextToken", "serviceName", "startedBy"),
        (r, c) -> list(r));
    ops.read("DescribeTasks", Set.of("cluster", "include", "tasks"), (r, c) -> describe(r));
    ops.write("RunTask", RunTaskMembers.RUN, runs::run);
    ops.write("StartTask", RunTaskMembers.START, runs::start);
    ops.write("StopTask", Set.of("cluster", "reason", "task"), objects::stop);
  }

  ObjectNode list(EcsRequest r) {
    Clusters.Cluster cluster = cluster(r);
    if (r.string("daemonName").isPresent()) {
      throw EcsError.invalidParameter("daemonName: Backroom has no ECS daemons; a DAEMON"
          + " service's tasks are listed by serviceName");
    }
    String desiredStatus = r.string("desiredStatus").orElse("RUNNING");
    String launchType = r.string("launchType").orElse("EXTERNAL");
    if (!Set.of("RUNNING", "PENDING", "STOPPED").contains(desiredStatus)) {
      throw EcsError.invalidParameter("desiredStatus: one of RUNNING, PENDING, STOPPED, got "
          + desiredStatus);
    }
    if (!Set.of("EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES").contains(launchType)) {
      throw EcsError.invalidParameter("launchType: one of EC2, FARGATE, EXTERNAL,"
          + " MANAGED_INSTANCES, got " + launchType);
    }
    Optional<ReportedStores.LocalId> device = r.string("containerInstance").map(ref ->
        reported.resolve(cluster, Arns.Kind.CONTAINER_INSTANCE, ref)
            .orElseThrow(() -> EcsError.invalidParameter("containerInstance: " + ref
                + " is no container instance of cluster " + cluster.name())));
    Optional<String> service = r.string("serviceName").map(s -> {
      Arns.Ref ref = clusters.arns().parse(Arns.Kind.SERVICE, s);
      if (ref.cluster().isPresent() && !ref.cluster().get().equals(cluster.name())) {
        throw EcsError.invalidParameter("serviceName: " + s + " names another cluster than "
            + cluster.name());
      }
      return ref.name();
    });
    Optional<String> family = r.string("family");
    Optional<String> startedBy = r.string("startedBy");
    List<String> arns = new ArrayList<>();
    // Stores report the tasks their devices should run (desired RUNNING) and the recently
    // stopped ones (desired STOPPED; a batch of an older hub none); PENDING is never a desired
    // status and every reported task is EXTERNAL, so those match none, as on the hub.
    if (!desiredStatus.equals("PENDING") && launchType.equals("EXTERNAL")) {
      for (ReportedStores.Reported store : reported.of(cluster)) {
        if (device.isPresent() && !device.get().storeId().equals(store.storeId())) {
          continue;
        }
        for (JsonNode t : store.tasks()) {
          if (!desiredStatus.equals(t.path("desiredStatus").asText("RUNNING"))
              || device.isPresent() && !device.get().id().equals(t.path("deviceId").asText())
              || service.isPresent() && !service.get().equals(t.path("serviceName").asText())
              || family.isPresent() && !family.get().equals(t.path("taskFamily").asText())
              || startedBy.isPresent() && !startedBy.get().equals(t.path("startedBy")
                  .asText(null))) {
            continue;
          }
          arns.add(clusters.arns().task(cluster.name(), ReportedStores.shownId(cluster,
              store.storeId(), t.path("taskId").asText())));
        }
      }
    }
    Paging.Page<String> page = Paging.page(arns, a -> a, r, Paging.MAX_RESULTS);
    ObjectNode out = EcsJson.mapper().createObjectNode();
    page.items().forEach(out.putArray("taskArns")::add);
    page.nextToken().ifPresent(t -> out.put("nextToken", t));
    return out;
  }

  ObjectNode describe(EcsRequest r) {
    Clusters.Cluster cluster = cluster(r);
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
    List<ReportedStores.Reported> stores = reported.of(cluster);
    ObjectNode out = EcsJson.mapper().createObjectNode();
    ArrayNode found = out.putArray("tasks");
    ArrayNode failures = out.putArray("failures");
    for (String ref : refs) {
      Optional<ObjectNode> task = reported.resolve(cluster, Arns.Kind.TASK, ref)
          .flatMap(id -> find(cluster, stores, id));
      if (task.isEmpty()) {
        failures.addObject().put("arn", ref).put("reason", "MISSING");
        continue;
      }
      if (withTags) {
        // tags of a task are kept by the hub that ran it and are not reported
        task.get().putArray("tags");
      }
      found.add(task.get());
    }
    return out;
  }

  private Optional<ObjectNode> find(Clusters.Cluster cluster,
      List<ReportedStores.Reported> stores, ReportedStores.LocalId id) {
    for (ReportedStores.Reported store : stores) {
      if (!store.storeId().equals(id.storeId())) {
        continue;
      }
      for (JsonNode t : store.tasks()) {
        if (id.id().equals(t.path("taskId").asText())) {
          String deviceId = t.path("deviceId").asText(null);
          return Optional.of(ReportedTaskShapes.render(clusters.arns(), cluster.name(),
              ReportedStores.shownId(cluster, store.storeId(), id.id()),
              deviceId == null ? null : ReportedStores.shownId(cluster, store.storeId(),
                  deviceId), t, definition(store.storeId(), t.path("taskFamily").asText())));
        }
      }
    }
    return Optional.empty();
  }

  /** The store's desired task definition of {@code family}, if the cloud sends it one. */
  private JsonNode definition(String storeId, String family) {
    return desired.effective(storeId).stream()
        .filter(o -> o.kind() == DesiredKind.TASK_DEFINITION && o.name().equals(family))
        .map(DesiredStore.EffectiveObject::spec).findFirst().orElse(null);
  }

  private Clusters.Cluster cluster(EcsRequest r) {
    return clusters.require(r.string("cluster").orElse("default"));
  }
}
