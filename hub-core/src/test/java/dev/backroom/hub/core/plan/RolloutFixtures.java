package dev.backroom.hub.core.plan;

import dev.backroom.config.model.DeploymentConfiguration;
import dev.backroom.config.model.Service;
import dev.backroom.hub.core.deploy.Deployment;
import dev.backroom.hub.core.reconcile.DesiredService;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builders for the rollout part of a pass's input. */
final class RolloutFixtures {
  private RolloutFixtures() {}

  /** The specs of {@code desired} as the hub stores them, with ECS's default deployment. */
  static RolloutInput input(List<DesiredService> desired, List<Deployment> primaries,
      Map<String, Deployment> rollbackTargets) {
    Map<String, Service> specs = new HashMap<>();
    desired.forEach(s -> specs.put(s.serviceName(), spec(s, null)));
    return new RolloutInput(specs, primaries, rollbackTargets);
  }

  static Service spec(DesiredService s, DeploymentConfiguration deployment) {
    return new Service(s.serviceName(), s.taskDefinition().ref(), s.desiredCount(), null,
        s.daemon() ? Service.DAEMON : null, null, deployment, null);
  }

  static Deployment deployment(String id, String service, int revision, String specHash,
      String rolloutState, int failedTasks) {
    Instant t = Instant.EPOCH;
    return new Deployment(id, service, service, revision, specHash, Deployment.PRIMARY,
        rolloutState, null, failedTasks, t, t);
  }
}
