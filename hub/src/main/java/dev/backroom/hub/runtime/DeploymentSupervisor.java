package dev.backroom.hub.runtime;

import dev.backroom.config.model.DeploymentConfiguration;
import dev.backroom.config.model.Service;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.hub.core.deploy.Deployment;
import dev.backroom.hub.core.deploy.DeploymentProgress;
import dev.backroom.hub.deploy.DeploymentStore;
import dev.backroom.hub.events.EventStore.Subject;
import dev.backroom.hub.events.EventStore;
import dev.backroom.hub.store.ServiceRecord;
import dev.backroom.hub.store.ServiceStore;
import dev.backroom.hub.store.TaskDefinitionStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Follows every service's rollout: starts a deployment when the service's spec changes, marks
 * it completed once every task runs the new spec healthily, and trips the circuit breaker when
 * new tasks keep failing, rolling the service back to its last completed revision. Runs inside
 * the control loop's transaction.
 */
@ApplicationScoped
public class DeploymentSupervisor {
  private static final Logger LOG = Logger.getLogger(DeploymentSupervisor.class);

  @Inject DeploymentStore deployments;
  @Inject ServiceStore services;
  @Inject TaskDefinitionStore taskDefinitions;
  @Inject EventStore events;

  /**
   * @param specHash the current spec hash per service
   * @param tasksByService what the progress check needs of each task, per service
   * @return true when a rollout is still in progress or a rollback changed a service
   */
  public boolean supervise(List<ServiceRecord> all, Map<String, String> specHash,
      Map<String, List<DeploymentProgress.TaskView>> tasksByService, Instant now) {
    Map<String, Deployment> primaries = deployments.primaries().stream()
        .collect(Collectors.toMap(Deployment::serviceName, Function.identity(), (a, b) -> a));
    Set<String> names = all.stream().map(s -> s.spec().serviceName()).collect(Collectors.toSet());
    primaries.keySet().stream().filter(n -> !names.contains(n)).forEach(n -> deployments.retire(n, now));
    boolean busy = false;
    for (ServiceRecord s : all) {
      String name = s.spec().serviceName();
      String hash = specHash.get(name);
      Deployment primary = primaries.get(name);
      if (primary == null || !primary.specHash().equals(hash)) {
        String reason = primary == null ? "service created"
            : "task definition changed from " + primary.taskDefinition() + " to " + s.spec().taskDefinition();
        Deployment d = deployments.start(name, s.taskFamily(), s.taskRevision(), hash, reason, now);
        events.system(now, "deployment-started", Subject.deployment(name, d.deploymentId()), reason,
            "deployment " + d.deploymentId() + " of " + d.taskDefinition() + " started");
        busy = true;
      } else if (Deployment.IN_PROGRESS.equals(primary.rolloutState())) {
        busy |= progress(s, primary, tasksByService.getOrDefault(name, List.of()), now);
      }
    }
    return busy;
  }

  private boolean progress(ServiceRecord s, Deployment d, List<DeploymentProgress.TaskView> tasks,
      Instant now) {
    Service spec = s.spec();
    DeploymentConfiguration.CircuitBreaker breaker = spec.deployment().circuitBreakerOrDefault();
    int expected = spec.isDaemon() ? (int) tasks.stream().filter(t -> !t.held()).count()
        : spec.desiredCountOrZero();
    DeploymentProgress.Outcome o = DeploymentProgress.compute(d, tasks, expected, breaker);
    if (o.failedTasks() != d.failedTasks()) {
      deployments.setFailedTasks(d.deploymentId(), o.failedTasks(), now);
    }
    Subject subject = Subject.deployment(spec.serviceName(), d.deploymentId());
    switch (o.rolloutState()) {
      case Deployment.COMPLETED -> {
        deployments.complete(d, now);
        events.system(now, "deployment-completed", subject, o.reason(),
            "deployment " + d.deploymentId() + " of " + d.taskDefinition() + " completed");
        return false;
      }
      case Deployment.FAILED -> {
        deployments.fail(d, o.reason(), now);
        events.system(now, "deployment-failed", subject, o.reason(),
            "deployment " + d.deploymentId() + " of " + d.taskDefinition() + " failed");
        LOG.warnf("deployment %s of %s failed: %s", d.deploymentId(), d.taskDefinition(), o.reason());
        if (breaker.rollsBack()) {
          rollBack(s, d, now);
        }
        return true;
      }
      default -> {
        return true;
      }
    }
  }

  private void rollBack(ServiceRecord s, Deployment failed, Instant now) {
    String name = s.spec().serviceName();
    var good = deployments.lastGoodOtherThan(name, failed.specHash());
    if (good.isEmpty()) {
      events.system(now, "rollback-impossible", Subject.service(name), "no completed revision",
          "cannot roll back " + name + ": no earlier deployment completed");
      return;
    }
    TaskDefinition td = taskDefinitions.find(good.get().taskFamily(), good.get().taskRevision())
        .orElseThrow();
    services.update(s.spec().withTaskDefinition(td.ref()), td.family(), td.revision());
    String reason = "circuit breaker: deployment " + failed.deploymentId() + " of "
        + failed.taskDefinition() + " failed";
    Deployment d = deployments.start(name, td.family(), td.revision(), good.get().specHash(), reason, now);
    events.system(now, "rollback", Subject.deployment(name, d.deploymentId()), reason,
        "rolled " + name + " back to " + td.ref());
    LOG.warnf("rolled %s back to %s", name, td.ref());
  }
}
