package dev.backroom.hub.core.plan;

import dev.backroom.config.model.DeploymentConfiguration;
import dev.backroom.config.model.Service;
import dev.backroom.hub.core.deploy.Deployment;
import dev.backroom.hub.core.deploy.DeploymentProgress;
import dev.backroom.hub.core.reconcile.DesiredService;
import dev.backroom.hub.core.reconcile.DesiredState;
import dev.backroom.hub.core.reconcile.ObservedTask;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The rollout half of a pass: starts a deployment when a service's spec changes, and for the
 * one in progress asks {@link DeploymentProgress} whether it completed or tripped the circuit
 * breaker, rolling the service back to its last completed revision when the breaker says so.
 * Pure; it sees the tasks as read at the pass's start, as the reconciler does.
 */
final class RolloutPlanner {
  private RolloutPlanner() {}

  /** The decisions in order; {@code moving}: a rollout is in progress, or started or failed now. */
  record Rollouts(List<RolloutStep> steps, boolean moving) {}

  static Rollouts plan(DesiredState desired, List<ObservedTask> serviceTasks, RolloutInput in,
      SplittableRandom random) {
    Map<String, Deployment> primaries = new TreeMap<>();
    in.primaries().forEach(d -> primaries.putIfAbsent(d.serviceName(), d));
    Set<String> names = new HashSet<>();
    desired.services().forEach(s -> names.add(s.serviceName()));
    List<RolloutStep> steps = new ArrayList<>();
    primaries.keySet().stream().filter(n -> !names.contains(n))
        .forEach(n -> steps.add(new RolloutStep.Retire(n)));

    Map<String, List<DeploymentProgress.TaskView>> views = new HashMap<>();
    for (ObservedTask t : serviceTasks) {
      views.computeIfAbsent(t.serviceName(), k -> new ArrayList<>()).add(new DeploymentProgress
          .TaskView(t.specHash(), t.healthy(), t.lastStatus(), t.restarts(), t.held()));
    }
    boolean moving = false;
    for (DesiredService s : desired.services()) {
      String name = s.serviceName();
      Service spec = in.specs().get(name);
      Deployment primary = primaries.get(name);
      if (primary == null || !primary.specHash().equals(s.specHash())) {
        String reason = primary == null ? "service created"
            : primary.taskDefinition().equals(spec.taskDefinition())
                ? "new deployment of " + spec.taskDefinition() + " forced"
                : "task definition changed from " + primary.taskDefinition() + " to "
                    + spec.taskDefinition();
        steps.add(new RolloutStep.Start(deploymentId(random), name, s.taskDefinition().family(),
            s.taskDefinition().revision(), s.specHash(), reason));
        moving = true;
      } else if (Deployment.IN_PROGRESS.equals(primary.rolloutState())) {
        moving |= progress(spec, primary, views.getOrDefault(name, List.of()),
            in.rollbackTargets().get(name), random, steps);
      }
    }
    return new Rollouts(steps, moving);
  }

  /** Adds the steps of one rollout in progress; true while it goes on or when it failed now. */
  private static boolean progress(Service spec, Deployment d,
      List<DeploymentProgress.TaskView> tasks, Deployment target, SplittableRandom random,
      List<RolloutStep> steps) {
    DeploymentConfiguration.CircuitBreaker breaker = spec.deployment().circuitBreakerOrDefault();
    int expected = spec.isDaemon() ? (int) tasks.stream().filter(t -> !t.held()).count()
        : spec.desiredCountOrZero();
    DeploymentProgress.Outcome o = DeploymentProgress.compute(d, tasks, expected, breaker);
    if (o.failedTasks() != d.failedTasks()) {
      steps.add(new RolloutStep.CountFailures(d.deploymentId(), o.failedTasks()));
    }
    switch (o.rolloutState()) {
      case Deployment.COMPLETED -> {
        steps.add(new RolloutStep.Complete(d, o.reason()));
        return false;
      }
      case Deployment.FAILED -> {
        steps.add(new RolloutStep.Fail(d, o.reason()));
        if (breaker.rollsBack()) {
          steps.add(target == null ? new RolloutStep.NoRollback(d.serviceName())
              : new RolloutStep.RollBack(d, target, spec.withTaskDefinition(target.taskDefinition()),
                  deploymentId(random), "circuit breaker: deployment " + d.deploymentId() + " of "
                      + d.taskDefinition() + " failed"));
        }
        return true;
      }
      default -> {
        return true;
      }
    }
  }

  /** {@code dep-} and 12 hex digits, drawn from the pass's seed. */
  private static String deploymentId(SplittableRandom random) {
    return "dep-" + HexFormat.of().toHexDigits(random.nextLong()).substring(4);
  }
}
