package dev.backroom.cloud.ecs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.config.json.Json;
import dev.backroom.config.model.Service;
import dev.backroom.ecs.arn.Arns;
import dev.backroom.ecs.paging.Paging;
import dev.backroom.ecs.shapes.ServiceRequests;
import dev.backroom.ecs.shapes.Tags;
import dev.backroom.ecs.wire.EcsDispatcher;
import dev.backroom.ecs.wire.EcsError;
import dev.backroom.ecs.wire.EcsJson;
import dev.backroom.ecs.wire.EcsRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * CreateService, UpdateService, DeleteService, DescribeServices and ListServices on the cloud:
 * {@code cluster} is a store or a store group, and a write becomes desired objects with that
 * cluster's selector ({@link CloudServices}), which its stores take at their next sync. Requests
 * are read by the hub's {@link ServiceRequests}, so the cloud refuses what a hub would.
 */
@ApplicationScoped
public class ServiceOperations implements EcsOperationSet {
  static final int MAX_DESCRIBE = 10;
  static final String NOT_SCALED_DOWN = "The service cannot be stopped while it is scaled above 0.";

  @Inject Clusters clusters;
  @Inject CloudServices services;
  @Inject TaskDefinitionOperations taskDefinitions;
  // injected itself: a field of another bean read through its client proxy is null
  @Inject TaskDefinitionTable revisionTable;
  @Inject CloudTags tags;

  /** One ECS write at a time on this instance: a check and its writes see the same services. */
  private final Object writing = new Object();

  @Override
  public void register(EcsDispatcher.Builder<EcsCaller> ops) {
    ops.write("CreateService", Set.of("cluster", "serviceName", "taskDefinition",
        "availabilityZoneRebalancing", "loadBalancers", "serviceRegistries", "desiredCount",
        "clientToken", "launchType", "capacityProviderStrategy", "platformVersion", "role",
        "deploymentConfiguration", "placementConstraints", "placementStrategy",
        "networkConfiguration", "healthCheckGracePeriodSeconds", "schedulingStrategy",
        "deploymentController", "tags", "enableECSManagedTags", "propagateTags",
        "enableExecuteCommand", "serviceConnectConfiguration", "volumeConfigurations",
        "vpcLatticeConfigurations"), (r, c) -> create(r));
    ops.write("UpdateService", Set.of("cluster", "service", "desiredCount", "taskDefinition",
        "capacityProviderStrategy", "deploymentConfiguration", "availabilityZoneRebalancing",
        "networkConfiguration", "placementConstraints", "placementStrategy", "platformVersion",
        "forceNewDeployment", "healthCheckGracePeriodSeconds", "deploymentController",
        "enableExecuteCommand", "enableECSManagedTags", "loadBalancers", "propagateTags",
        "serviceRegistries", "serviceConnectConfiguration", "volumeConfigurations",
        "vpcLatticeConfigurations"), (r, c) -> update(r));
    ops.write("DeleteService", Set.of("cluster", "service", "force"), (r, c) -> delete(r));
    ops.read("DescribeServices", Set.of("cluster", "services", "include"),
        (r, c) -> describe(r));
    ops.read("ListServices", Set.of("cluster", "nextToken", "maxResults", "launchType",
        "schedulingStrategy", "resourceManagementType"), (r, c) -> list(r));
  }

  /**
   * A new service; the same create again (a retry, with or without its clientToken) answers
   * the service, as ECS does for identical parameters, and a different one is refused.
   */
  ObjectNode create(EcsRequest r) {
    Clusters.Cluster cluster = cluster(r);
    // tags are read (and bad ones refused) before anything changes
    Map<String, String> newTags = Tags.read(r.body().get("tags"));
    if (newTags.size() > Tags.MAX_TAGS) {
      throw EcsError.invalidParameter("a resource holds at most " + Tags.MAX_TAGS + " tags; "
          + newTags.size() + " were given.");
    }
    r.string("taskDefinition").orElseThrow(() -> EcsError.invalidParameter(
        "taskDefinition is required: the cloud runs services from registered task definitions."));
    Service spec = ServiceRequests.create(r, clusters.arns());
    TaskDefinitionTable.Revision rev = revision(spec.taskDefinition());
    Service wanted = spec.withTaskDefinition(rev.ref());
    synchronized (writing) {
      Optional<CloudServices.CloudService> existing = services.find(cluster,
          spec.serviceName());
      if (existing.isPresent()) {
        if (!Json.write(existing.get().spec()).equals(Json.write(wanted))) {
          throw EcsError.invalidParameter("Creation of service was not idempotent: a service"
              + " named " + spec.serviceName() + " exists in the cluster; change it with"
              + " UpdateService.");
        }
      } else {
        services.put(cluster, wanted, rev, false);
        // after the desired objects' own transaction, which wakes the stores' syncs when it
        // commits; a failure here leaves the service untagged, never tags without a service
        tags.put(clusters.arns().service(cluster.name(), spec.serviceName()), newTags);
      }
    }
    return answer(cluster, spec.serviceName());
  }

  ObjectNode update(EcsRequest r) {
    Clusters.Cluster cluster = cluster(r);
    // a forced deployment counts up the desired SERVICE object's redeploys, which its stores'
    // hubs receive and answer by replacing every task of the service
    boolean force = r.bool("forceNewDeployment").orElse(false);
    String name = serviceName(cluster, r.requiredString("service"));
    synchronized (writing) {
      CloudServices.CloudService current = existing(cluster, name);
      Service spec = ServiceRequests.update(r, current.spec(), clusters.arns());
      // a revision named in the request must be ACTIVE; the current one may have been
      // deregistered since, as on ECS, where a service keeps running on it
      TaskDefinitionTable.Revision rev = r.string("taskDefinition").isPresent()
          ? revision(spec.taskDefinition())
          : revisionTable.find(current.family(), current.revision())
              .orElseThrow(() -> EcsError.invalidParameter("taskDefinition: the service's"
                  + " definition of " + current.family() + " is no revision registered on the"
                  + " cloud; name one with --task-definition."));
      services.put(cluster, spec.withTaskDefinition(rev.ref()), rev, force);
    }
    return answer(cluster, name);
  }

  ObjectNode delete(EcsRequest r) {
    Clusters.Cluster cluster = cluster(r);
    String name = serviceName(cluster, r.requiredString("service"));
    boolean force = r.bool("force").orElse(false);
    CloudServices.CloudService current;
    CloudServices.Counts counts;
    synchronized (writing) {
      current = existing(cluster, name);
      if (!force && !current.spec().isDaemon() && current.spec().desiredCountOrZero() > 0) {
        throw EcsError.invalidParameter(NOT_SCALED_DOWN);
      }
      counts = services.counts(cluster, current);
      services.delete(cluster, current);
      // a service created again under this name starts bare, as on ECS
      tags.forget(clusters.arns().service(cluster.name(), name));
    }
    ObjectNode out = EcsJson.mapper().createObjectNode();
    out.set("service", ServiceViews.deleted(clusters.arns(), cluster.name(), current, counts));
    return out;
  }

  ObjectNode describe(EcsRequest r) {
    Clusters.Cluster cluster = cluster(r);
    List<String> asked = r.strings("services");
    if (asked.isEmpty() || asked.size() > MAX_DESCRIBE) {
      throw EcsError.invalidParameter("services must name 1 to " + MAX_DESCRIBE
          + " services, got " + asked.size() + ".");
    }
    for (String include : r.strings("include")) {
      if (!include.equals("TAGS")) {
        throw EcsError.invalidParameter("include: unknown value " + include + "; only TAGS.");
      }
    }
    boolean withTags = !r.strings("include").isEmpty();
    ObjectNode out = EcsJson.mapper().createObjectNode();
    ArrayNode found = out.putArray("services");
    ArrayNode failures = out.putArray("failures");
    for (String ref : asked) {
      Arns.Ref parsed = clusters.arns().parse(Arns.Kind.SERVICE, ref);
      // a service of another cluster is not in this one: missing, as ECS reports it
      Optional<CloudServices.CloudService> s = parsed.cluster().map(cluster.name()::equals)
          .orElse(true) ? services.find(cluster, parsed.name()) : Optional.empty();
      if (s.isPresent()) {
        ObjectNode shown = ServiceViews.active(clusters.arns(), cluster.name(), s.get(),
            services.counts(cluster, s.get()));
        if (withTags) {
          shown.set("tags", Tags.json(tags.list(clusters.arns().service(cluster.name(),
              parsed.name()))));
        }
        found.add(shown);
      } else {
        failures.addObject().put("arn", ref.startsWith("arn:") ? ref
            : clusters.arns().service(cluster.name(), parsed.name())).put("reason", "MISSING");
      }
    }
    return out;
  }

  ObjectNode list(EcsRequest r) {
    Clusters.Cluster cluster = cluster(r);
    Optional<String> launchType = oneOf(r, "launchType",
        Set.of("EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES"));
    Optional<String> strategy = oneOf(r, "schedulingStrategy",
        Set.of(Service.REPLICA, Service.DAEMON));
    Optional<String> managed = oneOf(r, "resourceManagementType", Set.of("CUSTOMER", "ECS"));
    // every service runs on the stores' devices (EXTERNAL) and is the customer's own
    boolean none = launchType.filter(t -> !t.equals(Service.EXTERNAL)).isPresent()
        || managed.filter(m -> m.equals("ECS")).isPresent();
    List<String> arns = none ? List.of() : services.list(cluster).stream()
        .filter(s -> strategy.isEmpty() || strategy.get().equals(s.spec().isDaemon()
            ? Service.DAEMON : Service.REPLICA))
        .map(s -> clusters.arns().service(cluster.name(), s.spec().serviceName())).toList();
    Paging.Page<String> page = Paging.page(arns, a -> a, r, 10);
    ObjectNode out = EcsJson.mapper().createObjectNode();
    page.items().forEach(out.putArray("serviceArns")::add);
    page.nextToken().ifPresent(t -> out.put("nextToken", t));
    return out;
  }

  /** The request's cluster: {@code default} when none is named, as on ECS. */
  private Clusters.Cluster cluster(EcsRequest r) {
    return clusters.require(r.string("cluster").orElse("default"));
  }

  /** An ACTIVE cloud revision of {@code family:revision} (or the family's latest). */
  private TaskDefinitionTable.Revision revision(String reference) {
    return taskDefinitions.resolve(reference, true).orElseThrow(() -> EcsError.invalidParameter(
        "taskDefinition: no ACTIVE task definition " + reference + " is registered on the"
            + " cloud."));
  }

  private String serviceName(Clusters.Cluster cluster, String reference) {
    Arns.Ref ref = clusters.arns().parse(Arns.Kind.SERVICE, reference);
    if (ref.cluster().filter(c -> !c.equals(cluster.name())).isPresent()) {
      throw EcsError.serviceNotFound();
    }
    return ref.name();
  }

  private CloudServices.CloudService existing(Clusters.Cluster cluster, String name) {
    return services.find(cluster, name).orElseThrow(EcsError::serviceNotFound);
  }

  private ObjectNode answer(Clusters.Cluster cluster, String name) {
    CloudServices.CloudService s = existing(cluster, name);
    ObjectNode out = EcsJson.mapper().createObjectNode();
    out.set("service", ServiceViews.active(clusters.arns(), cluster.name(), s,
        services.counts(cluster, s)));
    return out;
  }

  private static Optional<String> oneOf(EcsRequest r, String member, Set<String> allowed) {
    Optional<String> value = r.string(member);
    value.filter(v -> !allowed.contains(v)).ifPresent(v -> {
      throw EcsError.invalidParameter(member + " must be one of "
          + String.join(", ", new java.util.TreeSet<>(allowed)) + ", got " + v + ".");
    });
    return value;
  }
}
