package dev.backroom.cloud.ecs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.config.model.DeploymentConfiguration;
import dev.backroom.config.model.PlacementConstraint;
import dev.backroom.config.model.PlacementStrategy;
import dev.backroom.config.model.Service;
import dev.backroom.ecs.arn.Arns;
import dev.backroom.ecs.wire.EcsJson;
import dev.backroom.ecs.wire.EpochSeconds;
import java.util.List;

/**
 * A cloud service in ECS's {@code Service} shape. The cloud sees no rollouts, only what the
 * stores report, so {@code deployments} is one PRIMARY deployment (the desired object) whose
 * rollout is COMPLETED once the running tasks reach the desired count; {@code events} is empty
 * (each hub keeps its service's events). Pure.
 */
final class ServiceViews {
  static final String ACTIVE = "ACTIVE";
  static final String DRAINING = "DRAINING";

  private ServiceViews() {}

  /**
   * An ACTIVE service. {@code desiredCount} is the spec's count for every store that holds the
   * service (on a store cluster that is the spec's own), so that running == desired means every
   * store runs it, which is what {@code aws ecs wait services-stable} waits for. A DAEMON
   * service's desired count is what its stores run or start.
   */
  static ObjectNode active(Arns arns, String cluster, CloudServices.CloudService s,
      CloudServices.Counts counts) {
    Service spec = s.spec();
    long desired = spec.isDaemon() ? counts.running() + counts.pending()
        : (long) spec.desiredCountOrZero() * counts.stores();
    ObjectNode out = common(arns, cluster, s, ACTIVE, desired, counts.running(),
        counts.pending());
    ObjectNode d = out.putArray("deployments").addObject();
    d.put("id", "ecs-svc/" + s.object().specHash().substring(0, 19));
    d.put("status", "PRIMARY");
    d.put("taskDefinition", taskDefinitionArn(arns, s));
    d.put("desiredCount", desired);
    d.put("pendingCount", counts.pending());
    d.put("runningCount", counts.running());
    d.put("failedTasks", 0);
    d.set("createdAt", EpochSeconds.toJson(s.object().updatedAt()));
    d.set("updatedAt", EpochSeconds.toJson(s.object().updatedAt()));
    d.put("launchType", Service.EXTERNAL);
    d.put("rolloutState", counts.running() == desired ? "COMPLETED" : "IN_PROGRESS");
    return out;
  }

  /** A service just deleted: DRAINING, no deployments, desired 0, as ECS answers DeleteService. */
  static ObjectNode deleted(Arns arns, String cluster, CloudServices.CloudService s,
      CloudServices.Counts counts) {
    ObjectNode out = common(arns, cluster, s, DRAINING, 0, counts.running(), counts.pending());
    out.putArray("deployments");
    return out;
  }

  private static ObjectNode common(Arns arns, String cluster, CloudServices.CloudService s,
      String status, long desired, long running, long pending) {
    Service spec = s.spec();
    ObjectNode out = EcsJson.mapper().createObjectNode();
    out.put("serviceArn", arns.service(cluster, spec.serviceName()));
    out.put("serviceName", spec.serviceName());
    out.put("clusterArn", arns.cluster(cluster));
    out.put("status", status);
    out.put("desiredCount", desired);
    out.put("runningCount", running);
    out.put("pendingCount", pending);
    out.put("launchType", Service.EXTERNAL);
    out.put("taskDefinition", taskDefinitionArn(arns, s));
    DeploymentConfiguration dc = spec.deployment();
    ObjectNode c = out.putObject("deploymentConfiguration");
    DeploymentConfiguration.CircuitBreaker b = dc.circuitBreakerOrDefault();
    c.putObject("deploymentCircuitBreaker").put("enable", b.enabled())
        .put("rollback", b.rollsBack());
    c.put("maximumPercent", dc.maximumPercentOrDefault());
    c.put("minimumHealthyPercent", dc.minimumHealthyPercentOrDefault());
    out.putObject("deploymentController").put("type", "ECS");
    ArrayNode constraints = out.putArray("placementConstraints");
    for (PlacementConstraint pc : spec.constraints()) {
      ObjectNode o = constraints.addObject().put("type", pc.type());
      if (pc.expression() != null) {
        o.put("expression", pc.expression());
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
    // the desired object's last change: the cloud keeps no separate creation time
    out.set("createdAt", EpochSeconds.toJson(s.object().updatedAt()));
    out.put("enableECSManagedTags", false);
    out.put("propagateTags", "NONE");
    out.put("enableExecuteCommand", false);
    out.putArray("loadBalancers");
    out.putArray("serviceRegistries");
    out.putArray("events");
    return out;
  }

  /** The family's ARN form with the cloud revision; a family the cloud never registered bare. */
  private static String taskDefinitionArn(Arns arns, CloudServices.CloudService s) {
    return s.revision() > 0 ? arns.taskDefinition(s.family(), s.revision()) : s.family();
  }
}
