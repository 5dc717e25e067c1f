package dev.backroom.ecs.shapes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.config.validate.Violation;
import dev.backroom.ecs.arn.Arns;
import dev.backroom.ecs.wire.EcsError;
import dev.backroom.ecs.wire.EcsJson;
import dev.backroom.ecs.wire.EcsRequest;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * ECS RunTask's and StartTask's members as the hub and the cloud both settle them: what the edge
 * has no counterpart for is refused naming the member and why, and the rest is handed on as the
 * body the hub's RunTask reader ({@code hub-core}'s {@code RunTaskReader}) reads, so overrides,
 * constraints, strategies, startedBy, group and clientToken are checked the same way on both.
 * Pure.
 */
public final class RunTaskMembers {
  /** RunTask's members, as botocore 1.43's model has them. */
  public static final Set<String> RUN = Set.of("capacityProviderStrategy", "clientToken",
      "cluster", "count", "enableECSManagedTags", "enableExecuteCommand", "group", "launchType",
      "networkConfiguration", "overrides", "placementConstraints", "placementStrategy",
      "platformVersion", "propagateTags", "referenceId", "startedBy", "tags", "taskDefinition",
      "volumeConfigurations");
  /** StartTask's members. */
  public static final Set<String> START = Set.of("cluster", "containerInstances",
      "enableECSManagedTags", "enableExecuteCommand", "group", "networkConfiguration",
      "overrides", "propagateTags", "referenceId", "startedBy", "tags", "taskDefinition",
      "volumeConfigurations");
  /** The members the RunTask reader reads as they come. */
  private static final List<String> PASSED = List.of("count", "overrides",
      "placementConstraints", "placementStrategy", "startedBy", "group", "clientToken",
      "launchType");

  /** propagateTags: copy the definition's tags to the task, or not. */
  public enum Propagate { NONE, TASK_DEFINITION }

  private RunTaskMembers() {}

  /**
   * Refuses what cannot be honoured, then the body for the RunTask reader: the definition as
   * {@code family} or {@code family:revision} (an ARN reduced to it) and the passed members.
   *
   * @param count null for RunTask (the request's own {@code count}); StartTask's number of
   *     container instances
   */
  public static ObjectNode readerBody(EcsRequest r, Arns arns, Integer count) {
    refuseUnsupported(r);
    ObjectNode body = EcsJson.mapper().createObjectNode();
    Arns.Ref td = arns.parse(Arns.Kind.TASK_DEFINITION, r.requiredString("taskDefinition"));
    body.put("taskDefinition", td.name()
        + (td.revision().isPresent() ? ":" + td.revision().getAsInt() : ""));
    for (String member : PASSED) {
      JsonNode v = r.body().get(member);
      if (v != null && !v.isNull()) {
        body.set(member, v);
      }
    }
    if (count != null) {
      body.put("count", count);
    }
    return body;
  }

  /** Violations as one message: "path: reason; path: reason". */
  public static String describe(List<Violation> violations) {
    return violations.stream().map(v -> v.path() + ": " + v.reason())
        .collect(Collectors.joining("; "));
  }

  public static Propagate propagate(EcsRequest r) {
    String p = r.string("propagateTags").orElse("NONE");
    return switch (p) {
      case "NONE" -> Propagate.NONE;
      case "TASK_DEFINITION" -> Propagate.TASK_DEFINITION;
      case "SERVICE" -> throw EcsError.invalidParameter("propagateTags: SERVICE applies to a"
          + " service's tasks; a task started by RunTask or StartTask has no service. Use"
          + " TASK_DEFINITION or NONE.");
      default -> throw EcsError.invalidParameter("propagateTags: one of TASK_DEFINITION,"
          + " SERVICE, NONE, got " + p);
    };
  }

  /**
   * What the edge has no counterpart for. A false flag or an empty list asks for nothing, so
   * they pass; anything that asks for something is refused rather than dropped.
   */
  private static void refuseUnsupported(EcsRequest r) {
    if (r.bool("enableExecuteCommand").orElse(false)) {
      throw EcsError.invalidParameter("enableExecuteCommand: Backroom has no ECS Exec; use the"
          + " hub's task logs, or leave it out or false");
    }
    if (r.bool("enableECSManagedTags").orElse(false)) {
      throw EcsError.invalidParameter("enableECSManagedTags: the hub adds no aws:ecs: managed"
          + " tags; leave it out or false, and pass tags yourself");
    }
    refuseIfGiven(r, "networkConfiguration", "awsvpc networking is not supported on external"
        + " instances; a task uses its definition's networkMode (bridge, host, none)");
    refuseIfGiven(r, "platformVersion", "platform versions are Fargate's; Backroom runs EXTERNAL"
        + " tasks");
    refuseIfGiven(r, "referenceId", "the hub keeps no reference ids; use startedBy or tags");
    refuseIfGiven(r, "capacityProviderStrategy", "Backroom has no capacity providers; tasks are"
        + " placed on the store's devices (launchType EXTERNAL)");
    refuseIfGiven(r, "volumeConfigurations", "EBS volumes are not available at the edge; use the"
        + " definition's host or Docker volumes");
  }

  /** Refuses {@code member} when it asks for something (not absent, null or an empty list). */
  public static void refuseIfGiven(EcsRequest r, String member, String why) {
    JsonNode v = r.body().get(member);
    boolean given = v != null && !v.isNull() && !(v.isArray() && v.isEmpty());
    if (given) {
      throw EcsError.invalidParameter(member + ": " + why);
    }
  }
}
