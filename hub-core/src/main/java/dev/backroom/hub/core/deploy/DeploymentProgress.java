package dev.backroom.hub.core.deploy;

import dev.backroom.config.model.DeploymentConfiguration;
import java.util.List;

/**
 * Where a rollout stands, from the tasks of its service. Pure. Failures are container restarts
 * and stopped tasks of the new spec; they only ever grow within one rollout, so a failing task
 * the reconciler already removed still counts against the circuit breaker.
 */
public final class DeploymentProgress {
  private DeploymentProgress() {}

  /** What the progress check needs to know of one task. */
  public record TaskView(String specHash, boolean healthy, String lastStatus, int restarts,
      boolean held) {}

  public record Outcome(String rolloutState, int failedTasks, String reason) {}

  /**
   * @param expected tasks the service should run (desiredCount, or the matching devices for a
   *     daemon service)
   */
  public static Outcome compute(Deployment d, List<TaskView> tasks, int expected,
      DeploymentConfiguration.CircuitBreaker breaker) {
    int failures = 0;
    int healthyNew = 0;
    boolean outdatedLeft = false;
    for (TaskView t : tasks) {
      if (t.specHash().equals(d.specHash())) {
        // A held task was stopped by a person, not by a failure.
        failures += t.held() ? 0 : t.restarts() + ("STOPPED".equals(t.lastStatus()) ? 1 : 0);
        healthyNew += t.healthy() || t.held() ? 1 : 0;
      } else if (!t.held()) {
        outdatedLeft = true;
      }
    }
    int failed = Math.max(d.failedTasks(), failures);
    if (breaker.enabled() && failed >= breaker.threshold()) {
      return new Outcome(Deployment.FAILED, failed, failed + " failed task starts of "
          + d.taskDefinition() + " reached the circuit breaker threshold of " + breaker.threshold());
    }
    if (!outdatedLeft && healthyNew >= expected) {
      return new Outcome(Deployment.COMPLETED, failed, "all tasks healthy");
    }
    return new Outcome(Deployment.IN_PROGRESS, failed, healthyNew + " of " + expected + " healthy");
  }
}
