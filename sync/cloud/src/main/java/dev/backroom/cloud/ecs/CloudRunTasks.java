package dev.backroom.cloud.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.cloud.desired.DesiredService;
import dev.backroom.cloud.stores.StoreRecord;
import dev.backroom.ecs.arn.Arns;
import dev.backroom.ecs.shapes.RunTaskMembers;
import dev.backroom.ecs.wire.EcsError;
import dev.backroom.ecs.wire.EcsJson;
import dev.backroom.ecs.wire.EcsRequest;
import dev.backroom.hub.core.standalone.RunTaskPlan;
import dev.backroom.hub.core.standalone.RunTaskReader;
import dev.backroom.hub.core.standalone.RunTaskRequest;
import dev.backroom.hub.core.sync.CloudTaskSpec;
import dev.backroom.sync.desired.DesiredObject;
import dev.backroom.sync.selector.LabelSelector;
import dev.backroom.sync.wire.DesiredKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * RunTask and StartTask through the cloud: each task is a desired TASK object of one store
 * (selector {@code store.id=<store>}), named by the task id the cloud allocates, which the
 * store's hub then runs once as a standalone task with that very id. The request is read and
 * planned by the hub's own code ({@link RunTaskReader}, {@link RunTaskPlan}), so what the cloud
 * accepts is what a hub runs; the definition is the cloud's revision, sent whole (the store may
 * not have the family). Answered at once: the tasks PROVISIONING, as ECS answers before
 * placement. The objects are purged by {@link CloudTaskObjects}.
 */
@ApplicationScoped
public class CloudRunTasks {
  /** ECS: a StartTask names 1 to 10 container instances. */
  static final int MAX_INSTANCES = 10;

  @Inject Clusters clusters;
  @Inject ReportedStores reported;
  @Inject TaskDefinitionOperations taskDefinitions;
  @Inject DesiredService writes;
  @Inject CloudTaskObjects objects;
  @Inject Clock clock;

  private final SecureRandom random = new SecureRandom();

  /** One task to put: its store, its id there and, for StartTask, its device. */
  record Target(String storeId, String taskId, String device) {}

  ObjectNode run(EcsRequest r, EcsCaller caller) {
    Clusters.Cluster cluster = clusters.require(r.string("cluster").orElse("default"));
    Read read = read(r, null);
    List<StoreRecord> stores = clusters.storesOf(cluster);
    if (stores.isEmpty()) {
      throw EcsError.invalidParameter("No Container Instances were found in your cluster."
          + " (group " + cluster.name() + " matches no store)");
    }
    List<Target> targets = new ArrayList<>();
    for (StoreRecord s : stores) {
      for (int i = 0; i < read.request().countOrDefault(); i++) {
        targets.add(new Target(s.id(), newId(), null));
      }
    }
    return commit(cluster, read, targets, caller, List.of());
  }

  ObjectNode start(EcsRequest r, EcsCaller caller) {
    Clusters.Cluster cluster = clusters.require(r.string("cluster").orElse("default"));
    List<String> refs = r.strings("containerInstances");
    if (refs.isEmpty() || refs.size() > MAX_INSTANCES || new TreeSet<>(refs).size() < refs.size()) {
      throw EcsError.invalidParameter("containerInstances: 1 to " + MAX_INSTANCES
          + " container instances, none twice, got " + refs);
    }
    Read read = read(r, refs.size());
    List<Target> targets = new ArrayList<>();
    List<ObjectNode> failures = new ArrayList<>();
    for (String ref : refs) {
      Optional<ReportedStores.LocalId> id = reported.resolve(cluster,
          Arns.Kind.CONTAINER_INSTANCE, ref).filter(this::reportedDevice);
      if (id.isEmpty()) {
        failures.add(EcsJson.mapper().createObjectNode().put("arn", ref).put("reason", "MISSING")
            .put("detail", "no container instance of cluster " + cluster.name()
                + " in its stores' last reports"));
      } else {
        targets.add(new Target(id.get().storeId(), newId(), id.get().id()));
      }
    }
    return commit(cluster, read, targets, caller, failures);
  }

  /** The request as the hub reads it, its plan and the cloud revision it runs. */
  record Read(RunTaskRequest request, RunTaskPlan plan, TaskDefinitionTable.Revision revision,
      ObjectNode members) {}

  private Read read(EcsRequest r, Integer count) {
    // tags and propagateTags would be a task's ECS tags, kept by the hub that runs it; the
    // desired object carries none, so asking for them is refused rather than dropped
    RunTaskMembers.refuseIfGiven(r, "tags", "the cloud does not carry a task's tags to its"
        + " store; tag the task on the store's hub (https://<hub>/ecs) once it runs");
    if (!RunTaskMembers.propagate(r).equals(RunTaskMembers.Propagate.NONE)) {
      throw EcsError.invalidParameter("propagateTags: the cloud does not carry a task's tags to"
          + " its store; leave it out or NONE");
    }
    ObjectNode body = RunTaskMembers.readerBody(r, clusters.arns(), count);
    RunTaskReader.Result read = RunTaskReader.read(body.toString());
    if (!read.ok()) {
      throw EcsError.invalidParameter(RunTaskMembers.describe(read.violations()));
    }
    String ref = read.value().taskDefinition();
    TaskDefinitionTable.Revision rev = taskDefinitions.resolve(ref, true).orElseThrow(() ->
        EcsError.invalidParameter("taskDefinition: no ACTIVE task definition " + ref
            + " is registered on the cloud."));
    RunTaskPlan plan = RunTaskPlan.compute(read.value(), rev.taskDefinition());
    if (!plan.ok()) {
      throw EcsError.invalidParameter(RunTaskMembers.describe(plan.violations()));
    }
    ObjectNode members = EcsJson.mapper().createObjectNode();
    for (String m : List.of("overrides", "placementConstraints", "placementStrategy",
        "startedBy", "group", "launchType")) {
      if (body.hasNonNull(m)) {
        members.set(m, body.get(m));
      }
    }
    return new Read(read.value(), plan, rev, members);
  }

  private ObjectNode commit(Clusters.Cluster cluster, Read read, List<Target> targets,
      EcsCaller caller, List<ObjectNode> failures) {
    Instant now = clock.instant();
    List<DesiredObject> puts = new ArrayList<>();
    ObjectNode answer = EcsJson.mapper().createObjectNode();
    ArrayNode tasks = answer.putArray("tasks");
    for (int i = 0; i < targets.size(); i++) {
      Target t = targets.get(i);
      ObjectNode spec = spec(cluster, read, t, i, targets.size(), caller, now);
      CloudTaskSpec.read(t.taskId(), spec).problem().ifPresent(p -> {
        throw new IllegalStateException("a TASK object the hub would refuse: " + p);
      });
      puts.add(DesiredObject.of(DesiredKind.TASK, t.taskId(), LabelSelector.forStore(t.storeId()),
          spec, now));
      tasks.add(CloudTaskShapes.fromSpec(clusters.arns(), cluster, t.storeId(), t.taskId(), spec,
          "PROVISIONING"));
    }
    answer.putArray("failures").addAll(failures);
    String token = read.request().clientToken();
    String digest = digest(cluster.name() + "\n" + read.plan().digest() + "\n"
        + targets.stream().map(t -> t.storeId() + "/" + t.device()).toList());
    List<String> storeIds = targets.stream().map(Target::storeId).distinct().toList();
    CloudTaskObjects.Token earlier = writes.putAll(puts, storeIds, () -> {
      Optional<CloudTaskObjects.Token> found = token == null ? Optional.empty()
          : objects.token(token);
      if (found.isPresent()) {
        return found.get();
      }
      if (token != null) {
        objects.saveToken(token, digest, answer, now);
      }
      targets.forEach(t -> objects.created(t.storeId(), t.taskId(), cluster.name(), now));
      return null;
    });
    if (earlier == null) {
      return answer;
    }
    if (!earlier.digest().equals(digest)) {
      List<String> arns = new ArrayList<>();
      earlier.answer().path("tasks").forEach(t -> arns.add(t.path("taskArn").asText()));
      throw EcsError.conflict("clientToken " + token + " was used by a RunTask request with"
          + " other parameters (tasks " + String.join(", ", arns) + ")", arns);
    }
    return (ObjectNode) earlier.answer();
  }

  private static ObjectNode spec(Clusters.Cluster cluster, Read read, Target t, int slot,
      int count, EcsCaller caller, Instant now) {
    ObjectNode spec = EcsJson.mapper().createObjectNode();
    spec.set("taskDefinition", CloudServices.definition(read.revision()));
    spec.put("cloudTaskDefinition", read.revision().ref());
    spec.set("request", read.members().deepCopy());
    if (t.device() != null) {
      spec.put("containerInstance", t.device());
    }
    spec.put("slot", slot);
    spec.put("count", count);
    spec.put("cluster", cluster.name());
    spec.put("requestedBy", caller.owner());
    spec.put("requestedAt", now.toString());
    return spec;
  }

  private boolean reportedDevice(ReportedStores.LocalId id) {
    Clusters.Cluster store = clusters.require(id.storeId());
    for (ReportedStores.Reported r : reported.of(store)) {
      for (JsonNode d : r.devices()) {
        if (id.id().equals(d.path("deviceId").asText())) {
          return true;
        }
      }
    }
    return false;
  }

  private String newId() {
    return "run-" + HexFormat.of().toHexDigits(random.nextLong());
  }

  private static String digest(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
