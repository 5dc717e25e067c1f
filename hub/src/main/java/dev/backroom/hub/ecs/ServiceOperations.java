package dev.backroom.hub.ecs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.config.model.Service;
import dev.backroom.ecs.arn.Arns;
import dev.backroom.ecs.paging.Paging;
import dev.backroom.ecs.shapes.ServiceRequests;
import dev.backroom.ecs.shapes.Tags;
import dev.backroom.ecs.wire.EcsDispatcher;
import dev.backroom.ecs.wire.EcsError;
import dev.backroom.ecs.wire.EcsJson;
import dev.backroom.ecs.wire.EcsRequest;
import dev.backroom.hub.api.ServiceActions;
import dev.backroom.hub.store.DeletedServiceStore;
import dev.backroom.hub.store.ServiceRecord;
import dev.backroom.hub.store.ServiceStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * CreateService, UpdateService, DeleteService, DescribeServices and ListServices on the store's
 * one cluster. Writes go through {@link ServiceActions}, as the REST API's do (same events,
 * same loop trigger), with the access key's owner as the actor; requests are read by
 * {@link ServiceRequests}, services shown by {@link ServiceDescriptions}. A deleted service
 * (by any API) is described from {@link DeletedServiceStore}; create tokens are
 * {@link CreateTokens}: both in H2, so a restarted hub answers as before.
 */
@ApplicationScoped
public class ServiceOperations implements EcsOperationSet {
  /** DescribeServices takes at most 10 services, as ECS does. */
  static final int MAX_DESCRIBE = 10;
  static final String NOT_SCALED_DOWN = "The service cannot be stopped while it is scaled above 0.";

  @Inject HubCluster cluster;
  @Inject ServiceStore services;
  @Inject ServiceActions actions;
  @Inject ServiceDescriptions descriptions;
  @Inject EcsTags tags;
  @Inject CreateTokens tokens;
  @Inject DeletedServiceStore deleted;

  /** One create at a time: a retry with its token must find what the first call made. */
  private final Object creating = new Object();

  @Override
  public void register(EcsDispatcher.Builder<EcsCaller> ops) {
    ops.write("CreateService", Set.of("cluster", "serviceName", "taskDefinition",
        "availabilityZoneRebalancing", "loadBalancers", "serviceRegistries", "desiredCount",
        "clientToken", "launchType", "capacityProviderStrategy", "platformVersion", "role",
        "deploymentConfiguration", "placementConstraints", "placementStrategy",
        "networkConfiguration", "healthCheckGracePeriodSeconds", "schedulingStrategy",
        "deploymentController", "tags", "enableECSManagedTags", "propagateTags",
        "enableExecuteCommand", "serviceConnectConfiguration", "volumeConfigurations",
        "vpcLatticeConfigurations"), this::create);
    ops.write("UpdateService", Set.of("cluster", "service", "desiredCount", "taskDefinition",
        "capacityProviderStrategy", "deploymentConfiguration", "availabilityZoneRebalancing",
        "networkConfiguration", "placementConstraints", "placementStrategy", "platformVersion",
        "forceNewDeployment", "healthCheckGracePeriodSeconds", "deploymentController",
        "enableExecuteCommand", "enableECSManagedTags", "loadBalancers", "propagateTags",
        "serviceRegistries", "serviceConnectConfiguration", "volumeConfigurations",
        "vpcLatticeConfigurations"), this::update);
    ops.write("DeleteService", Set.of("cluster", "service", "force"), this::delete);
    ops.read("DescribeServices", Set.of("cluster", "services", "include"),
        (r, c) -> describe(r));
    ops.read("ListServices", Set.of("cluster", "nextToken", "maxResults", "launchType",
        "schedulingStrategy", "resourceManagementType"), (r, c) -> list(r));
  }

  ObjectNode create(EcsRequest r, EcsCaller caller) {
    cluster.require(r);
    Map<String, String> newTags = Tags.read(r.body().get("tags"));
    if (newTags.size() > Tags.MAX_TAGS) {
      throw EcsError.invalidParameter("a resource holds at most " + Tags.MAX_TAGS + " tags; "
          + newTags.size() + " were given.");
    }
    Optional<String> token = r.string("clientToken").map(CreateTokens::check);
    ObjectNode request = r.body().deepCopy();
    request.remove("clientToken");
    synchronized (creating) {
      Optional<String> earlier = token.flatMap(t -> tokens.seen(t, request, Instant.now()));
      if (earlier.isPresent()) {
        return service(services.find(earlier.get()).orElseThrow(EcsError::serviceNotFound));
      }
      Service spec = ServiceRequests.create(r, cluster.arns());
      String name = spec.serviceName();
      try {
        actions.create(actions.resolve(spec, null), caller.owner());
      } catch (ServiceActions.Refused e) {
        throw refusal(e, name);
      }
      tags.put(descriptions.arn(name), newTags);
      token.ifPresent(t -> tokens.remember(t, request, name, Instant.now()));
      return service(services.find(name).orElseThrow(EcsError::serviceNotFound));
    }
  }

  ObjectNode update(EcsRequest r, EcsCaller caller) {
    cluster.require(r);
    String name = serviceName(r.requiredString("service"));
    ServiceRecord current = existing(name);
    Service spec = ServiceRequests.update(r, current.spec(), cluster.arns());
    boolean redeploy = r.bool("forceNewDeployment").orElse(false);
    try {
      actions.update(actions.resolve(spec, name), redeploy, caller.owner());
    } catch (ServiceActions.Refused e) {
      throw refusal(e, name);
    }
    return service(existing(name));
  }

  ObjectNode delete(EcsRequest r, EcsCaller caller) {
    cluster.require(r);
    String name = serviceName(r.requiredString("service"));
    ServiceRecord current = existing(name);
    boolean force = r.bool("force").orElse(false);
    if (!force && !current.spec().isDaemon() && current.spec().desiredCountOrZero() > 0) {
      throw EcsError.invalidParameter(NOT_SCALED_DOWN);
    }
    try {
      actions.delete(name, caller.owner());
    } catch (ServiceActions.Refused e) {
      throw refusal(e, name);
    }
    ObjectNode out = EcsJson.mapper().createObjectNode();
    ObjectNode shown = descriptions.deleted(current);
    // ECS answers DeleteService with the service DRAINING, whatever its tasks are doing.
    shown.put("status", ServiceDescriptions.DRAINING);
    out.set("service", shown);
    return out;
  }

  ObjectNode describe(EcsRequest r) {
    cluster.require(r);
    List<String> asked = r.strings("services");
    if (asked.isEmpty() || asked.size() > MAX_DESCRIBE) {
      throw EcsError.invalidParameter("services must name 1 to " + MAX_DESCRIBE
          + " services, got " + asked.size() + ".");
    }
    boolean withTags = false;
    for (String include : r.strings("include")) {
      if (!include.equals("TAGS")) {
        throw EcsError.invalidParameter("include: unknown value " + include + "; only TAGS.");
      }
      withTags = true;
    }
    ObjectNode out = EcsJson.mapper().createObjectNode();
    ArrayNode found = out.putArray("services");
    ArrayNode failures = out.putArray("failures");
    for (String ref : asked) {
      Arns.Ref parsed = cluster.arns().parse(Arns.Kind.SERVICE, ref);
      // A service of another cluster is not in this one: missing, as ECS reports it.
      Optional<ServiceRecord> s = parsed.cluster().map(cluster::isThis).orElse(true)
          ? services.find(parsed.name()) : Optional.empty();
      if (s.isPresent()) {
        found.add(descriptions.active(s.get(), withTags));
      } else {
        Optional<DeletedServiceStore.Deleted> g = parsed.cluster().map(cluster::isThis)
            .orElse(true) ? deleted.find(parsed.name(), Instant.now()) : Optional.empty();
        if (g.isPresent()) {
          found.add(descriptions.deleted(g.get().service()));
        } else {
          failures.addObject().put("arn", ref.startsWith("arn:") ? ref
              : descriptions.arn(parsed.name())).put("reason", "MISSING");
        }
      }
    }
    return out;
  }

  ObjectNode list(EcsRequest r) {
    cluster.require(r);
    Optional<String> launchType = r.string("launchType");
    launchType.filter(t -> !Set.of("EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES").contains(t))
        .ifPresent(t -> {
          throw EcsError.invalidParameter("launchType must be EC2, FARGATE, EXTERNAL or"
              + " MANAGED_INSTANCES, got " + t + ".");
        });
    Optional<String> strategy = r.string("schedulingStrategy");
    strategy.filter(s -> !Set.of(Service.REPLICA, Service.DAEMON).contains(s)).ifPresent(s -> {
      throw EcsError.invalidParameter("schedulingStrategy must be REPLICA or DAEMON, got " + s
          + ".");
    });
    Optional<String> managed = r.string("resourceManagementType");
    managed.filter(m -> !Set.of("CUSTOMER", "ECS").contains(m)).ifPresent(m -> {
      throw EcsError.invalidParameter("resourceManagementType must be CUSTOMER or ECS, got " + m
          + ".");
    });
    // Every service of a hub runs on its devices (EXTERNAL) and is its customer's own.
    boolean none = launchType.filter(t -> !t.equals(Service.EXTERNAL)).isPresent()
        || managed.filter(m -> m.equals("ECS")).isPresent();
    List<String> arns = none ? List.of() : services.list().stream()
        .filter(s -> strategy.isEmpty() || strategy.get().equals(s.spec().isDaemon()
            ? Service.DAEMON : Service.REPLICA))
        .map(s -> descriptions.arn(s.spec().serviceName())).toList();
    Paging.Page<String> page = Paging.page(arns, a -> a, r, 10);
    ObjectNode out = EcsJson.mapper().createObjectNode();
    page.items().forEach(out.putArray("serviceArns")::add);
    page.nextToken().ifPresent(t -> out.put("nextToken", t));
    return out;
  }

  /** A service's name from its name or ARN; an ARN of another cluster names none here. */
  private String serviceName(String reference) {
    Arns.Ref ref = cluster.arns().parse(Arns.Kind.SERVICE, reference);
    cluster.require(ref.cluster());
    return ref.name();
  }

  /** The stored service; a deleted one is not active, an unknown one not found. */
  private ServiceRecord existing(String name) {
    return services.find(name).orElseThrow(() -> deleted.find(name, Instant.now()).isPresent()
        ? EcsError.serviceNotActive() : EcsError.serviceNotFound());
  }

  /**
   * A deleted service's tags are forgotten, whichever API deleted it, so a service created
   * again with the name starts bare (as on ECS). In the deleting transaction.
   */
  void forgetTags(@Observes DeletedServiceStore.Deleted gone) {
    tags.forget(descriptions.arn(gone.service().spec().serviceName()));
  }

  private ObjectNode service(ServiceRecord s) {
    ObjectNode out = EcsJson.mapper().createObjectNode();
    out.set("service", descriptions.active(s, false));
    return out;
  }

  /** The hub's refusal in ECS's shape. */
  private static EcsError refusal(ServiceActions.Refused e, String name) {
    return switch (e.kind()) {
      case INVALID -> ServiceRequests.invalid(e.violations());
      case NOT_FOUND -> EcsError.serviceNotFound();
      case EXISTS -> EcsError.invalidParameter("Creation of service was not idempotent: a service"
          + " named " + name + " exists in the cluster; change it with UpdateService.");
    };
  }
}
