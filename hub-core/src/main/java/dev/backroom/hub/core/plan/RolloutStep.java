package dev.backroom.hub.core.plan;

import dev.backroom.config.model.Service;
import dev.backroom.hub.core.deploy.Deployment;

/**
 * One rollout decision of a pass. The apply step writes each as it is: a change to the
 * deployments (and, for a rollback, to the service) and the event that records it.
 */
public sealed interface RolloutStep {

  /** The service is gone: its deployments end, an IN_PROGRESS one as FAILED. No event. */
  record Retire(String serviceName) implements RolloutStep {}

  /**
   * A new PRIMARY deployment, IN_PROGRESS, of the service's spec; the old PRIMARY becomes
   * ACTIVE. {@code reason}: the service was created or its task definition changed.
   */
  record Start(String deploymentId, String serviceName, String family, int revision,
      String specHash, String reason) implements RolloutStep {

    public String taskDefinition() {
      return family + ":" + revision;
    }
  }

  /** The rollout's failed task starts grew to {@code failedTasks} (they never shrink). */
  record CountFailures(String deploymentId, int failedTasks) implements RolloutStep {}

  /** Every task runs the new spec healthily: the other deployments become INACTIVE. */
  record Complete(Deployment deployment, String reason) implements RolloutStep {}

  /** The circuit breaker tripped: a rollback or a {@link NoRollback} follows when it rolls back. */
  record Fail(Deployment deployment, String reason) implements RolloutStep {}

  /**
   * Back to the last completed revision: the service is rewritten to {@code spec} and a new
   * deployment {@code deploymentId} of {@code to}'s revision starts.
   */
  record RollBack(Deployment failed, Deployment to, Service spec, String deploymentId,
      String reason) implements RolloutStep {}

  /** The circuit breaker rolls back, but no earlier deployment of the service completed. */
  record NoRollback(String serviceName) implements RolloutStep {}
}
