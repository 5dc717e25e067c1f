package dev.backroom.hub.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import dev.backroom.hub.api.TaskDefinitionRegistry;
import dev.backroom.hub.store.TaskDefinitionStore;
import dev.backroom.jdbc.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * RegisterTaskDefinition, DeregisterTaskDefinition, DescribeTaskDefinition, ListTaskDefinitions
 * and ListTaskDefinitionFamilies over the hub's task definition store: the revisions the REST API
 * registers and lists (/api/v1/task-definitions), read through the same {@link SpecReader}.
 */
@ApplicationScoped
public class TaskDefinitionOperations implements EcsOperationSet {
  /** RegisterTaskDefinition's members in the ECS model; all but tags are the definition. */
  static final Set<String> REGISTER = Set.of("family", "taskRoleArn", "executionRoleArn",
      "networkMode", "containerDefinitions", "volumes", "placementConstraints",
      "requiresCompatibilities", "cpu", "memory", "tags", "pidMode", "ipcMode",
      "proxyConfiguration", "inferenceAccelerators", "ephemeralStorage", "runtimePlatform",
      "enableFaultInjection");
  static final Set<String> LIST_STATUS = Set.of(TaskDefinitionStore.ACTIVE,
      TaskDefinitionStore.INACTIVE, "DELETE_IN_PROGRESS");
  static final Set<String> FAMILY_STATUS = Set.of(TaskDefinitionStore.ACTIVE,
      TaskDefinitionStore.INACTIVE, "ALL");
  static final String UNABLE_TO_DESCRIBE = "Unable to describe task definition.";

  @Inject HubCluster cluster;
  @Inject TaskDefinitionStore store;
  @Inject TaskDefinitionRegistry registry;
  @Inject EcsTags tags;
  @Inject Jdbc jdbc;

  @Override
  public void register(EcsDispatcher.Builder<EcsCaller> ops) {
    ops.write("RegisterTaskDefinition", REGISTER, this::register);
    ops.write("DeregisterTaskDefinition", Set.of("taskDefinition"), (r, c) -> deregister(r, c));
    ops.read("DescribeTaskDefinition", Set.of("taskDefinition", "include"),
        (r, c) -> describe(r));
    ops.read("ListTaskDefinitions", Set.of("familyPrefix", "status", "sort", "nextToken",
        "maxResults"), (r, c) -> list(r));
    ops.read("ListTaskDefinitionFamilies", Set.of("familyPrefix", "status", "nextToken",
        "maxResults"), (r, c) -> families(r));
  }

  /**
   * The body minus {@code tags} is a task definition, read field by field as the REST API reads
   * it; every violation is named in one ClientException, as ECS refuses definitions.
   */
  ObjectNode register(EcsRequest r, EcsCaller caller) {
    ObjectNode definition = r.body().deepCopy();
    JsonNode tagsMember = definition.remove("tags");
    Map<String, String> tagged = Tags.read(tagsMember);
    if (tagged.size() > Tags.MAX_TAGS) {
      throw EcsError.invalidParameter("tags: a resource holds at most " + Tags.MAX_TAGS
          + " tags, got " + tagged.size());
    }
    SpecReader.Result<TaskDefinition> read = SpecReader.taskDefinition(definition.toString());
    if (!read.ok()) {
      throw EcsError.client("Invalid task definition: " + read.violations().stream()
          .map(Violation::toString).collect(Collectors.joining("; ")));
    }
    // the revision and its tags together or neither: a failed tag write leaves no revision
    TaskDefinitionStore.Revision stored = jdbc.inTransaction(() -> {
      TaskDefinition td = registry.register(read.value(), caller.owner());
      tags.put(arn(td.family(), td.revision()), tagged);
      return store.revision(td.family(), td.revision()).orElseThrow();
    });
    ObjectNode out = EcsJson.mapper().createObjectNode();
    out.set("taskDefinition", shape(stored));
    out.set("tags", Tags.json(tagged));
    return out;
  }

  /** The revision becomes INACTIVE (see {@link TaskDefinitionRegistry#deregister}). */
  ObjectNode deregister(EcsRequest r, EcsCaller caller) {
    Arns.Ref ref = cluster.arns().parse(Arns.Kind.TASK_DEFINITION,
        r.requiredString("taskDefinition"));
    if (ref.revision().isEmpty()) {
      throw EcsError.client("Invalid revision number. Number: " + ref.name()
          + " (DeregisterTaskDefinition needs family:revision or the revision's ARN)");
    }
    TaskDefinitionStore.Revision after = registry.deregister(ref.name(),
        ref.revision().getAsInt(), caller.owner())
        .orElseThrow(() -> EcsError.client("The specified task definition does not exist."));
    ObjectNode out = EcsJson.mapper().createObjectNode();
    out.set("taskDefinition", shape(after));
    return out;
  }

  /** {@code family} is its latest ACTIVE revision; {@code family:revision} or an ARN any. */
  ObjectNode describe(EcsRequest r) {
    boolean withTags = false;
    for (String include : r.strings("include")) {
      if (!include.equals("TAGS")) {
        throw EcsError.invalidParameter("include: unknown value " + include + "; only TAGS");
      }
      withTags = true;
    }
    Arns.Ref ref = cluster.arns().parse(Arns.Kind.TASK_DEFINITION,
        r.requiredString("taskDefinition"));
    Optional<Integer> revision = ref.revision().isPresent()
        ? Optional.of(ref.revision().getAsInt())
        : store.latestActive(ref.name()).map(TaskDefinition::revision);
    TaskDefinitionStore.Revision found = revision
        .flatMap(rev -> store.revision(ref.name(), rev))
        .orElseThrow(() -> EcsError.client(UNABLE_TO_DESCRIBE));
    ObjectNode out = EcsJson.mapper().createObjectNode();
    out.set("taskDefinition", shape(found));
    if (withTags) {
      out.set("tags", Tags.json(tags.list(arn(ref.name(), revision.get()))));
    }
    return out;
  }

  /**
   * ARNs of the revisions with {@code status} (ACTIVE by default), of one family when
   * {@code familyPrefix} names it (ECS reads it as the full family name, not a prefix).
   */
  ObjectNode list(EcsRequest r) {
    String status = oneOf(r, "status", LIST_STATUS, TaskDefinitionStore.ACTIVE);
    boolean descending = oneOf(r, "sort", Set.of("ASC", "DESC"), "ASC").equals("DESC");
    Optional<String> family = r.string("familyPrefix");
    // DELETE_IN_PROGRESS lists nothing: the hub deletes a revision at once
    List<TaskDefinitionStore.Revision> revisions = store.revisions(family.orElse(null)).stream()
        .filter(rev -> rev.status().equals(status)).toList();
    Paging.Page<TaskDefinitionStore.Revision> page = Paging.page(revisions,
        rev -> TaskDefinitionShapes.listingKey(rev.taskDefinition().family(),
            rev.taskDefinition().revision(), descending), r, Paging.MAX_RESULTS);
    ObjectNode out = EcsJson.mapper().createObjectNode();
    ArrayNode arns = out.putArray("taskDefinitionArns");
    page.items().forEach(rev -> arns.add(arn(rev.taskDefinition().family(),
        rev.taskDefinition().revision())));
    page.nextToken().ifPresent(t -> out.put("nextToken", t));
    return out;
  }

  /**
   * Family names starting with {@code familyPrefix}: ACTIVE ones have an ACTIVE revision,
   * INACTIVE ones have none left, ALL (the default) both.
   */
  ObjectNode families(EcsRequest r) {
    String status = oneOf(r, "status", FAMILY_STATUS, "ALL");
    String prefix = r.string("familyPrefix").orElse("");
    List<String> names = TaskDefinitionShapes.families(store.revisions(null),
        rev -> rev.taskDefinition().family(), TaskDefinitionStore.Revision::active)
        .entrySet().stream()
        .filter(f -> f.getKey().startsWith(prefix))
        .filter(f -> status.equals("ALL") || f.getValue() == status.equals("ACTIVE"))
        .map(Map.Entry::getKey).toList();
    Paging.Page<String> page = Paging.page(names, n -> n, r, Paging.MAX_RESULTS);
    ObjectNode out = EcsJson.mapper().createObjectNode();
    ArrayNode families = out.putArray("families");
    page.items().forEach(families::add);
    page.nextToken().ifPresent(t -> out.put("nextToken", t));
    return out;
  }

  private String arn(String family, int revision) {
    return cluster.arns().taskDefinition(family, revision);
  }

  private static String oneOf(EcsRequest r, String member, Set<String> allowed, String dflt) {
    String value = r.string(member).orElse(dflt);
    if (!allowed.contains(value)) {
      throw EcsError.invalidParameter(member + ": unknown value " + value + "; one of "
          + String.join(", ", new TreeSet<>(allowed)));
    }
    return value;
  }

  private ObjectNode shape(TaskDefinitionStore.Revision r) {
    return TaskDefinitionShapes.taskDefinition(r.taskDefinition(), r.status(), r.registeredAt(),
        r.deregisteredAt(), r.registeredBy(), cluster.arns());
  }
}
