package dev.backroom.hub.ecs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.config.model.DeploymentConfiguration;
import dev.backroom.config.model.PlacementConstraint;
import dev.backroom.config.model.PlacementStrategy;
import dev.backroom.config.model.Service;
import dev.backroom.ecs.shapes.Tags;
import dev.backroom.ecs.wire.EcsJson;
import dev.backroom.ecs.wire.EpochSeconds;
import dev.backroom.hub.core.deploy.Deployment;
import dev.backroom.hub.deploy.DeploymentStore;
import dev.backroom.hub.events.Event;
import dev.backroom.hub.events.EventStore;
import dev.backroom.hub.store.ServiceRecord;
import dev.backroom.hub.store.TaskRecord;
import dev.backroom.hub.store.TaskStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * A service as ECS's DescribeServices (and CreateService, UpdateService, DeleteService) shows
 * it, from the hub's stores: counts from its tasks, {@code deployments} from the hub's rollouts
 * (the PRIMARY and the older ones still being replaced; a rollout that completed retires the
 * others, as on ECS, which is what {@code aws ecs wait services-stable} waits for), and
 * {@code events} from the hub's event log, newest first.
 */
@ApplicationScoped
class ServiceDescriptions {
  /** ECS shows a service's 100 newest events. */
  static final int EVENTS = 100;
  static final String ACTIVE = "ACTIVE";
  static final String DRAINING = "DRAINING";
  static final String INACTIVE = "INACTIVE";

  @Inject HubCluster cluster;
  @Inject TaskStore tasks;
  @Inject DeploymentStore deployments;
  @Inject EventStore events;
  @Inject EcsTags tags;

  String arn(String name) {
    return cluster.arns().service(cluster.name(), name);
  }

  /** An ACTIVE service. */
  ObjectNode active(ServiceRecord s, boolean withTags) {
    List<TaskRecord> mine = tasks.listActive(s.spec().serviceName());
    long running = mine.stream().filter(t -> TaskRecord.RUNNING.equals(t.lastStatus())).count();
    int desired = s.spec().isDaemon() ? mine.size() : s.spec().desiredCountOrZero();
    ObjectNode out = common(s, ACTIVE, desired, running, mine.size() - running);
    ArrayNode list = out.putArray("deployments");
    for (Deployment d : deployments.list(s.spec().serviceName())) {
      if (Deployment.PRIMARY.equals(d.status()) || Deployment.ACTIVE.equals(d.status())) {
        list.add(deployment(d, mine, Deployment.PRIMARY.equals(d.status()) ? desired : -1));
      }
    }
    if (withTags) {
      out.set("tags", Tags.json(tags.list(arn(s.spec().serviceName()))));
    }
    return out;
  }

  /**
   * A deleted service: DRAINING while its tasks stop, then INACTIVE; no deployments, desired 0.
   */
  ObjectNode deleted(ServiceRecord s) {
    String name = s.spec().serviceName();
    long stopping = tasks.list(TaskRecord.STOPPED, name, 500).stream()
        .filter(t -> !TaskRecord.STOPPED.equals(t.lastStatus())).count();
    ObjectNode out = common(s, stopping > 0 ? DRAINING : INACTIVE, 0, stopping, 0);
    out.putArray("deployments");
    return out;
  }

  private ObjectNode common(ServiceRecord s, String status, int desired, long running,
      long pending) {
    Service spec = s.spec();
    ObjectNode out = EcsJson.mapper().createObjectNode();
    out.put("serviceArn", arn(spec.serviceName()));
    out.put("serviceName", spec.serviceName());
    out.put("clusterArn", cluster.arn());
    out.put("status", status);
    out.put("desiredCount", desired);
    out.put("runningCount", running);
    out.put("pendingCount", pending);
    out.put("launchType", Service.EXTERNAL);
    out.put("taskDefinition", cluster.arns().taskDefinition(s.taskFamily(), s.taskRevision()));
    out.set("deploymentConfiguration", deploymentConfiguration(spec.deployment()));
    out.putObject("deploymentController").put("type", "ECS");
    ArrayNode constraints = out.putArray("placementConstraints");
    for (PlacementConstraint c : spec.constraints()) {
      ObjectNode o = constraints.addObject().put("type", c.type());
      if (c.expression() != null) {
        o.put("expression", c.expression());
      }
    }
    ArrayNode strategies = out.putArray("placementStrategy");
    for (PlacementStrategy p : spec.placementStrategy() == null ? List.<PlacementStrategy>of()
        : spec.placementStrategy()) {
      ObjectNode o = strategies.addObject().put("type", p.type());
      if (p.field() != null) {
        o.put("field", p.field());
      }
    }
    out.put("schedulingStrategy", spec.isDaemon() ? Service.DAEMON : Service.REPLICA);
    if (spec.healthCheckGracePeriodSeconds() != null) {
      out.put("healthCheckGracePeriodSeconds", spec.healthCheckGracePeriodSeconds());
    }
    out.set("createdAt", EpochSeconds.toJson(s.createdAt()));
    events.list(spec.serviceName(), null, null, "service-created", null, 1).stream().findFirst()
        .map(Event::actor).ifPresent(a -> out.put("createdBy", a));
    out.put("enableECSManagedTags", false);
    out.put("propagateTags", "NONE");
    out.put("enableExecuteCommand", false);
    out.putArray("loadBalancers");
    out.putArray("serviceRegistries");
    ArrayNode list = out.putArray("events");
    for (Event e : events.list(spec.serviceName(), null, null, null, null, EVENTS)) {
      list.addObject().put("id", Long.toString(e.eventId()))
          .<ObjectNode>set("createdAt", EpochSeconds.toJson(e.at()))
          .put("message", e.reason() == null ? e.message() : e.message() + " (" + e.reason() + ")");
    }
    return out;
  }

  /** ECS's members; the hub's circuit-breaker threshold is its own and not shown. */
  private static ObjectNode deploymentConfiguration(DeploymentConfiguration d) {
    ObjectNode o = EcsJson.mapper().createObjectNode();
    DeploymentConfiguration.CircuitBreaker b = d.circuitBreakerOrDefault();
    o.putObject("deploymentCircuitBreaker").put("enable", b.enabled()).put("rollback", b.rollsBack());
    o.put("maximumPercent", d.maximumPercentOrDefault());
    o.put("minimumHealthyPercent", d.minimumHealthyPercentOrDefault());
    return o;
  }

  /**
   * One rollout; its tasks are those carrying its hash. {@code desired}: the service's count for
   * the PRIMARY; -1 for an older one, whose count is the tasks it still has (as ECS scales an
   * old deployment down).
   */
  private ObjectNode deployment(Deployment d, List<TaskRecord> mine, int desired) {
    List<TaskRecord> its = mine.stream().filter(t -> d.specHash().equals(t.specHash())).toList();
    long running = its.stream().filter(t -> TaskRecord.RUNNING.equals(t.lastStatus())).count();
    ObjectNode o = EcsJson.mapper().createObjectNode();
    o.put("id", d.deploymentId());
    o.put("status", d.status());
    o.put("taskDefinition", cluster.arns().taskDefinition(d.taskFamily(), d.taskRevision()));
    o.put("desiredCount", desired < 0 ? its.size() : desired);
    o.put("pendingCount", its.size() - running);
    o.put("runningCount", running);
    o.put("failedTasks", d.failedTasks());
    o.set("createdAt", EpochSeconds.toJson(d.createdAt()));
    o.set("updatedAt", EpochSeconds.toJson(d.updatedAt()));
    o.put("launchType", Service.EXTERNAL);
    o.put("rolloutState", d.rolloutState());
    if (d.rolloutReason() != null) {
      o.put("rolloutStateReason", d.rolloutReason());
    }
    return o;
  }
}
