package dev.backroom.ecs.shapes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.config.json.Json;
import dev.backroom.config.json.SpecReader;
import dev.backroom.config.model.Service;
import dev.backroom.config.validate.Violation;
import dev.backroom.ecs.arn.Arns;
import dev.backroom.ecs.wire.EcsError;
import dev.backroom.ecs.wire.EcsRequest;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * CreateService and UpdateService requests read onto the hub's {@link Service} model, which is
 * already in ECS's words: the members it shares are copied as sent and read by config's
 * {@link SpecReader} (strict: unknown nested fields and invalid values are refused with their
 * path); the members the hub cannot honour are refused, naming the member and why, unless their
 * value asks for nothing (an empty list, {@code false}, {@code NONE}). Pure; shared by the hub
 * and the cloud, whose services run on the stores' hubs.
 */
public final class ServiceRequests {
  private ServiceRequests() {}

  /** The members CreateService and UpdateService copy onto the model as sent. */
  private static final List<String> SHARED = List.of("desiredCount", "placementConstraints",
      "placementStrategy", "healthCheckGracePeriodSeconds");

  /** A member the hub cannot honour: the values that ask for nothing, and why the rest fail. */
  private record Unsupported(String member, Predicate<JsonNode> nothing, String why) {}

  private static final Predicate<JsonNode> EMPTY = n -> n.isArray() && n.isEmpty();
  private static final Predicate<JsonNode> FALSE = n -> n.isBoolean() && !n.booleanValue();

  private static final List<Unsupported> UNSUPPORTED = List.of(
      new Unsupported("loadBalancers", EMPTY, "a hub has no load balancers; publish ports with"
          + " the task definition's portMappings"),
      new Unsupported("serviceRegistries", EMPTY, "a hub has no Cloud Map service discovery"),
      new Unsupported("capacityProviderStrategy", EMPTY, "a hub has no capacity providers; its"
          + " tasks run on the store's devices (launchType EXTERNAL)"),
      new Unsupported("platformVersion", n -> false, "platform versions are Fargate's; a hub"
          + " runs tasks on external instances"),
      new Unsupported("role", n -> false, "the service role is for load balancers, which a hub"
          + " has none of"),
      new Unsupported("networkConfiguration", n -> false, "awsvpc networking is not available on"
          + " external instances; use the task definition's networkMode (bridge, host or none)"),
      new Unsupported("deploymentController", n -> n.isObject() && n.size() == 1
          && "ECS".equals(n.path("type").asText()), "a hub rolls services out itself: only"
          + " {\"type\": \"ECS\"} (rolling updates) is served"),
      new Unsupported("enableECSManagedTags", FALSE, "a hub adds no managed tags to tasks"),
      new Unsupported("propagateTags", n -> "NONE".equals(n.asText()), "a hub copies no tags to"
          + " tasks; only NONE is served"),
      new Unsupported("enableExecuteCommand", FALSE, "ECS Exec needs the SSM agent; use the hub's"
          + " console (exec) instead"),
      new Unsupported("serviceConnectConfiguration", n -> n.isObject()
          && FALSE.test(n.path("enabled")), "a hub has no Service Connect"),
      new Unsupported("volumeConfigurations", EMPTY, "EBS volumes do not exist on edge devices;"
          + " use the task definition's volumes"),
      new Unsupported("vpcLatticeConfigurations", EMPTY, "a hub has no VPC Lattice"));

  /** deploymentConfiguration's members beyond the rolling update the hub runs. */
  private static final List<Unsupported> UNSUPPORTED_DEPLOYMENT = List.of(
      new Unsupported("alarms", n -> n.isObject() && FALSE.test(n.path("enable")), "a hub has no"
          + " CloudWatch alarms; the circuit breaker watches the tasks themselves"),
      new Unsupported("strategy", n -> "ROLLING".equals(n.asText()), "a hub rolls services out"
          + " one task at a time: only ROLLING is served"),
      new Unsupported("bakeTimeInMinutes", n -> false, "bake time belongs to blue/green"
          + " deployments, which a hub does not run"),
      new Unsupported("lifecycleHooks", EMPTY, "a hub has no Lambda lifecycle hooks"),
      new Unsupported("linearConfiguration", n -> false, "a hub runs rolling deployments only"),
      new Unsupported("canaryConfiguration", n -> false, "a hub runs rolling deployments only"));

  /** availabilityZoneRebalancing's values; a hub has no zones, so either has no effect. */
  public static final Set<String> REBALANCING = Set.of("ENABLED", "DISABLED");

  /** CreateService's request as the hub's service spec, validated. */
  public static Service create(EcsRequest r, Arns arns) {
    refuseUnsupported(r);
    ObjectNode spec = Json.mapper().createObjectNode();
    spec.put("serviceName", r.requiredString("serviceName"));
    r.string("taskDefinition").ifPresent(t -> spec.put("taskDefinition", taskDefinition(t, arns)));
    copy(r, spec, "schedulingStrategy");
    copy(r, spec, "launchType");
    SHARED.forEach(m -> copy(r, spec, m));
    deployment(r, spec);
    return read(spec);
  }

  /**
   * UpdateService's request applied to the service's current spec: what it names changes, the
   * rest stays. {@code deploymentConfiguration}'s members replace theirs one by one.
   */
  public static Service update(EcsRequest r, Service current, Arns arns) {
    refuseUnsupported(r);
    ObjectNode spec = Json.mapper().valueToTree(current);
    r.string("taskDefinition").ifPresent(t -> spec.put("taskDefinition", taskDefinition(t, arns)));
    SHARED.forEach(m -> copy(r, spec, m));
    deployment(r, spec);
    return read(spec);
  }

  private static void refuseUnsupported(EcsRequest r) {
    refuse(r.body(), UNSUPPORTED, "");
    r.string("launchType").filter(t -> !Service.EXTERNAL.equals(t)).ifPresent(t -> {
      throw EcsError.invalidParameter("launchType " + t + " is not served: a hub runs tasks on"
          + " the store's devices, which ECS calls EXTERNAL; use EXTERNAL or leave it out.");
    });
    r.string("availabilityZoneRebalancing").filter(v -> !REBALANCING.contains(v)).ifPresent(v -> {
      throw EcsError.invalidParameter("availabilityZoneRebalancing must be ENABLED or DISABLED,"
          + " got " + v + ".");
    });
  }

  private static void refuse(JsonNode body, List<Unsupported> members, String prefix) {
    for (Unsupported u : members) {
      JsonNode value = body.get(u.member());
      if (value != null && !value.isNull() && !u.nothing().test(value)) {
        throw EcsError.invalidParameter(prefix + u.member() + " is not served by a Backroom hub: "
            + u.why() + ".");
      }
    }
  }

  /** ECS's deploymentConfiguration onto the model's: the rolling-update members pass. */
  private static void deployment(EcsRequest r, ObjectNode spec) {
    JsonNode given = r.body().get("deploymentConfiguration");
    if (given == null || given.isNull()) {
      return;
    }
    if (!given.isObject()) {
      throw EcsError.serialization("Parameter deploymentConfiguration must be an object.");
    }
    refuse(given, UNSUPPORTED_DEPLOYMENT, "deploymentConfiguration.");
    JsonNode before = spec.get("deploymentConfiguration");
    ObjectNode merged = before != null && before.isObject() ? ((ObjectNode) before).deepCopy()
        : Json.mapper().createObjectNode();
    Set<String> dropped = UNSUPPORTED_DEPLOYMENT.stream().map(Unsupported::member)
        .collect(Collectors.toSet());
    given.fields().forEachRemaining(f -> {
      if (!dropped.contains(f.getKey())) {
        merged.set(f.getKey(), f.getValue());
      }
    });
    spec.set("deploymentConfiguration", merged);
  }

  private static void copy(EcsRequest r, ObjectNode spec, String member) {
    JsonNode value = r.body().get(member);
    if (value != null && !value.isNull()) {
      spec.set(member, value);
    }
  }

  /** An ARN, {@code family} or {@code family:revision} as the model's reference. */
  private static String taskDefinition(String reference, Arns arns) {
    Arns.Ref ref = arns.parse(Arns.Kind.TASK_DEFINITION, reference);
    return ref.name() + (ref.revision().isPresent() ? ":" + ref.revision().getAsInt() : "");
  }

  private static Service read(ObjectNode spec) {
    SpecReader.Result<Service> result = SpecReader.service(Json.write(spec));
    if (!result.ok()) {
      throw invalid(result.violations());
    }
    return result.value();
  }

  /** The hub's violations as one InvalidParameterException, each with its member path. */
  public static EcsError invalid(List<Violation> violations) {
    return EcsError.invalidParameter(violations.stream()
        .map(v -> v.path() + ": " + v.reason()).collect(Collectors.joining("; ")) + ".");
  }
}
