package dev.backroom.cloud.ecs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.cloud.desired.RevisionWriter;
import dev.backroom.config.json.SpecReader;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.config.validate.Violation;
import dev.backroom.ecs.arn.Arns;
import dev.backroom.ecs.paging.Paging;
import dev.backroom.ecs.shapes.Tags;
import dev.backroom.ecs.shapes.TaskDefinitionShapes;
import dev.backroom.ecs.wire.EcsDispatcher;
import dev.backroom.ecs.wire.EcsError;
import dev.backroom.ecs.wire.EcsJson;
import dev.backroom.ecs.wire.EcsRequest;
import dev.backroom.jdbc.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * RegisterTaskDefinition, DeregisterTaskDefinition, DescribeTaskDefinition, ListTaskDefinitions
 * and ListTaskDefinitionFamilies on the cloud. As on ECS a task definition belongs to no
 * cluster: a registered revision is kept by the cloud ({@link TaskDefinitionTable}, the cloud's
 * own revision numbers) and reaches stores only when a service uses it ({@link
 * ServiceOperations}). Reading and shapes are the hub's (config's SpecReader, ecs-api's
 * {@link TaskDefinitionShapes}), so a definition the cloud takes is one every hub takes.
 */
@ApplicationScoped
public class TaskDefinitionOperations implements EcsOperationSet {
  /** RegisterTaskDefinition's members in the ECS model; all but tags are the definition. */
  static final Set<String> REGISTER = Set.of("family", "taskRoleArn", "executionRoleArn",
      "networkMode", "containerDefinitions", "volumes", "placementConstraints",
      "requiresCompatibilities", "cpu", "memory", "tags", "pidMode", "ipcMode",
      "proxyConfiguration", "inferenceAccelerators", "ephemeralStorage", "runtimePlatform",
      "enableFaultInjection");
  static final Set<String> LIST_STATUS = Set.of(TaskDefinitionTable.ACTIVE,
      TaskDefinitionTable.INACTIVE, "DELETE_IN_PROGRESS");
  static final Set<String> FAMILY_STATUS = Set.of(TaskDefinitionTable.ACTIVE,
      TaskDefinitionTable.INACTIVE, "ALL");
  static final String UNABLE_TO_DESCRIBE = "Unable to describe task definition.";

  @Inject Clusters clusters;
  @Inject TaskDefinitionTable table;
  @Inject RevisionWriter writer;
  @Inject CloudTags tags;
  @Inject Clock clock;

  @Inject
  @Named("cloud")
  Jdbc jdbc;

  @Override
  public void register(EcsDispatcher.Builder<EcsCaller> ops) {
    ops.write("RegisterTaskDefinition", REGISTER, this::register);
    ops.write("DeregisterTaskDefinition", Set.of("taskDefinition"), (r, c) -> deregister(r));
    ops.read("DescribeTaskDefinition", Set.of("taskDefinition", "include"),
        (r, c) -> describe(r));
    ops.read("ListTaskDefinitions", Set.of("familyPrefix", "status", "sort", "nextToken",
        "maxResults"), (r, c) -> list(r));
    ops.read("ListTaskDefinitionFamilies", Set.of("familyPrefix", "status", "nextToken",
        "maxResults"), (r, c) -> families(r));
  }

  /**
   * The body minus {@code tags} read as a hub reads it, every violation in one refusal; the tags
   * are stored in the revision's transaction.
   */
  ObjectNode register(EcsRequest r, EcsCaller caller) {
    ObjectNode definition = r.body().deepCopy();
    Map<String, String> tagged = Tags.read(definition.remove("tags"));
    if (tagged.size() > Tags.MAX_TAGS) {
      throw EcsError.invalidParameter("tags: a resource holds at most " + Tags.MAX_TAGS
          + " tags, got " + tagged.size());
    }
    SpecReader.Result<TaskDefinition> read = SpecReader.taskDefinition(definition.toString());
    if (!read.ok()) {
      throw EcsError.client("Invalid task definition: " + read.violations().stream()
          .map(Violation::toString).collect(Collectors.joining("; ")));
    }
    // the fleet lock numbers revisions one at a time across cloud instances
    TaskDefinitionTable.Revision stored = jdbc.inTransaction(() -> {
      writer.lockFleet();
      TaskDefinitionTable.Revision rev = table.register(read.value(), caller.owner(),
          clock.instant());
      tags.put(clusters.arns().taskDefinition(rev.taskDefinition().family(),
          rev.taskDefinition().revision()), tagged);
      return rev;
    });
    ObjectNode out = EcsJson.mapper().createObjectNode();
    out.set("taskDefinition", shape(stored));
    out.set("tags", Tags.json(tagged));
    return out;
  }

  /**
   * The revision becomes INACTIVE: no new service or update may use it; services already on it
   * keep their desired objects, as ECS keeps such services running.
   */
  ObjectNode deregister(EcsRequest r) {
    Arns.Ref ref = clusters.arns().parse(Arns.Kind.TASK_DEFINITION,
        r.requiredString("taskDefinition"));
    if (ref.revision().isEmpty()) {
      throw EcsError.client("Invalid revision number. Number: " + ref.name()
          + " (DeregisterTaskDefinition needs family:revision or the revision's ARN)");
    }
    int revision = ref.revision().getAsInt();
    table.deregister(ref.name(), revision, clock.instant());
    TaskDefinitionTable.Revision after = table.find(ref.name(), revision)
        .orElseThrow(() -> EcsError.client("The specified task definition does not exist."));
    ObjectNode out = EcsJson.mapper().createObjectNode();
    out.set("taskDefinition", shape(after));
    return out;
  }

  ObjectNode describe(EcsRequest r) {
    boolean withTags = false;
    for (String include : r.strings("include")) {
      if (!include.equals("TAGS")) {
        throw EcsError.invalidParameter("include: unknown value " + include + "; only TAGS");
      }
      withTags = true;
    }
    TaskDefinitionTable.Revision found = resolve(r.requiredString("taskDefinition"), false)
        .orElseThrow(() -> EcsError.client(UNABLE_TO_DESCRIBE));
    ObjectNode out = EcsJson.mapper().createObjectNode();
    out.set("taskDefinition", shape(found));
    if (withTags) {
      out.set("tags", Tags.json(tags.list(clusters.arns().taskDefinition(
          found.taskDefinition().family(), found.taskDefinition().revision()))));
    }
    return out;
  }

  /**
   * A family (its latest ACTIVE revision), {@code family:revision} or an ARN; with
   * {@code activeOnly} an INACTIVE revision counts as none.
   */
  Optional<TaskDefinitionTable.Revision> resolve(String reference, boolean activeOnly) {
    Arns.Ref ref = clusters.arns().parse(Arns.Kind.TASK_DEFINITION, reference);
    Optional<TaskDefinitionTable.Revision> found = ref.revision().isPresent()
        ? table.find(ref.name(), ref.revision().getAsInt()) : table.latestActive(ref.name());
    return found.filter(rev -> !activeOnly || rev.active());
  }

  /** ARNs of the revisions with {@code status}, of one family when {@code familyPrefix}. */
  ObjectNode list(EcsRequest r) {
    String status = oneOf(r, "status", LIST_STATUS, TaskDefinitionTable.ACTIVE);
    boolean descending = oneOf(r, "sort", Set.of("ASC", "DESC"), "ASC").equals("DESC");
    List<TaskDefinitionTable.Revision> revisions = table.list(r.string("familyPrefix")
        .orElse(null)).stream().filter(rev -> rev.status().equals(status)).toList();
    Paging.Page<TaskDefinitionTable.Revision> page = Paging.page(revisions,
        rev -> TaskDefinitionShapes.listingKey(rev.taskDefinition().family(),
            rev.taskDefinition().revision(), descending), r, Paging.MAX_RESULTS);
    ObjectNode out = EcsJson.mapper().createObjectNode();
    ArrayNode arns = out.putArray("taskDefinitionArns");
    page.items().forEach(rev -> arns.add(clusters.arns().taskDefinition(
        rev.taskDefinition().family(), rev.taskDefinition().revision())));
    page.nextToken().ifPresent(t -> out.put("nextToken", t));
    return out;
  }

  ObjectNode families(EcsRequest r) {
    String status = oneOf(r, "status", FAMILY_STATUS, "ALL");
    String prefix = r.string("familyPrefix").orElse("");
    List<String> names = TaskDefinitionShapes.families(table.list(null),
        rev -> rev.taskDefinition().family(), TaskDefinitionTable.Revision::active)
        .entrySet().stream()
        .filter(f -> f.getKey().startsWith(prefix))
        .filter(f -> status.equals("ALL") || f.getValue() == status.equals("ACTIVE"))
        .map(Map.Entry::getKey).toList();
    Paging.Page<String> page = Paging.page(names, n -> n, r, Paging.MAX_RESULTS);
    ObjectNode out = EcsJson.mapper().createObjectNode();
    page.items().forEach(out.putArray("families")::add);
    page.nextToken().ifPresent(t -> out.put("nextToken", t));
    return out;
  }

  ObjectNode shape(TaskDefinitionTable.Revision r) {
    return TaskDefinitionShapes.taskDefinition(r.taskDefinition(), r.status(), r.registeredAt(),
        r.deregisteredAt(), r.registeredBy(), clusters.arns());
  }

  private static String oneOf(EcsRequest r, String member, Set<String> allowed, String dflt) {
    String value = r.string(member).orElse(dflt);
    if (!allowed.contains(value)) {
      throw EcsError.invalidParameter(member + ": unknown value " + value + "; one of "
          + String.join(", ", new TreeSet<>(allowed)));
    }
    return value;
  }
}
