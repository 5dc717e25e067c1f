package dev.backroom.hub.core.plan;

import static dev.backroom.hub.core.plan.RolloutFixtures.deployment;
import static dev.backroom.hub.core.plan.RolloutFixtures.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.config.model.DeploymentConfiguration;
import dev.backroom.config.model.DeploymentConfiguration.CircuitBreaker;
import dev.backroom.config.model.Service;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.hub.core.deploy.Deployment;
import dev.backroom.hub.core.reconcile.DesiredService;
import dev.backroom.hub.core.reconcile.DesiredState;
import dev.backroom.hub.core.reconcile.ObservedTask;
import dev.backroom.hub.core.scheduler.DeviceCondition;
import dev.backroom.hub.core.scheduler.DeviceSnapshot;
import dev.backroom.hub.core.scheduler.Fixtures;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rollout steps of a pass's plan: a deployment starts when the spec changes, completes when
 * every task runs it healthily, and fails at the circuit breaker's threshold, rolling back to the
 * last completed revision when the breaker says so. The same cases the hub's rollouts meet.
 */
class PassPlannerRolloutTest {
  private static final long NOW = 1_800_000_000_000L;
  private static final String NEW_ID = "NEW";
  private static final TaskDefinition WEB_2 = web(2);
  private static final DesiredService WEB = new DesiredService("web", WEB_2, "h2", 2, List.of());
  private static final DesiredService DAEMON = new DesiredService("web", WEB_2, "h2", 0, List.of(),
      true, null, 100, 200);

  private static final Deployment OLD_DONE = deployment("dep-old", "web", 1, "h1",
      Deployment.COMPLETED, 0);
  private static final Deployment ROLLING = deployment("dep-new", "web", 2, "h2",
      Deployment.IN_PROGRESS, 0);
  private static final String TRIPPED = "3 failed task starts of web:2 reached the circuit"
      + " breaker threshold of 3";

  private static TaskDefinition web(int revision) {
    TaskDefinition td = Fixtures.taskDefinition(16, 0, 0);
    return new TaskDefinition("web", revision, td.containers(), null, null, null, null);
  }

  private static ObservedTask task(String id, String hash, boolean healthy, int restarts,
      boolean held) {
    return new ObservedTask(id, "web", "d1", hash, healthy ? ObservedTask.RUNNING
        : ObservedTask.PENDING, NOW - 60_000, healthy, held, restarts);
  }

  private static ObservedTask healthy(String id, String hash) {
    return task(id, hash, true, 0, false);
  }

  private static ObservedTask starting(String id, int restarts) {
    return task(id, "h2", false, restarts, false);
  }

  record Case(String name, List<DesiredService> services, DeploymentConfiguration deployment,
      List<ObservedTask> tasks, List<Deployment> primaries, Deployment rollbackTarget,
      List<RolloutStep> steps, boolean moving) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    RolloutStep.Fail fail = new RolloutStep.Fail(withFailures(ROLLING, 0), TRIPPED);
    return Stream.of(
        new Case("a new service starts its first deployment", List.of(WEB), null, List.of(),
            List.of(), null,
            List.of(new RolloutStep.Start(NEW_ID, "web", "web", 2, "h2", "service created")), true),
        new Case("a changed spec starts a deployment naming the change", List.of(WEB), null,
            List.of(healthy("a", "h1"), healthy("b", "h1")), List.of(OLD_DONE), null,
            List.of(new RolloutStep.Start(NEW_ID, "web", "web", 2, "h2",
                "task definition changed from web:1 to web:2")), true),
        new Case("the same revision with a new hash (a forced redeploy) starts a deployment",
            List.of(new DesiredService("web", WEB_2, "h2-forced", 2, List.of())), null,
            List.of(healthy("a", "h2"), healthy("b", "h2")),
            List.of(deployment("dep-new", "web", 2, "h2", Deployment.COMPLETED, 0)), null,
            List.of(new RolloutStep.Start(NEW_ID, "web", "web", 2, "h2-forced",
                "new deployment of web:2 forced")), true),
        new Case("every task on the new spec and healthy: completed", List.of(WEB), null,
            List.of(healthy("a", "h2"), healthy("b", "h2")), List.of(ROLLING), OLD_DONE,
            List.of(new RolloutStep.Complete(ROLLING, "all tasks healthy")), false),
        new Case("new tasks starting, old ones running: nothing to write, still moving",
            List.of(WEB), null, List.of(starting("a", 0), healthy("b", "h1"), healthy("c", "h1")),
            List.of(ROLLING), OLD_DONE, List.of(), true),
        new Case("failures below the threshold are counted", List.of(WEB), null,
            List.of(starting("a", 2), healthy("b", "h1")), List.of(ROLLING), OLD_DONE,
            List.of(new RolloutStep.CountFailures("dep-new", 2)), true),
        new Case("the breaker trips: counted, failed, rolled back to the last completed revision",
            List.of(WEB), null, List.of(starting("a", 2), starting("b", 1), healthy("c", "h1")),
            List.of(ROLLING), OLD_DONE,
            List.of(new RolloutStep.CountFailures("dep-new", 3), fail,
                new RolloutStep.RollBack(ROLLING, OLD_DONE, spec(WEB, null).withTaskDefinition("web:1"),
                    NEW_ID, "circuit breaker: deployment dep-new of web:2 failed")), true),
        new Case("the breaker trips with nothing completed before: no rollback", List.of(WEB), null,
            List.of(starting("a", 3)), List.of(ROLLING), null,
            List.of(new RolloutStep.CountFailures("dep-new", 3), fail,
                new RolloutStep.NoRollback("web")), true),
        new Case("a breaker without rollback only fails the deployment", List.of(WEB),
            new DeploymentConfiguration(100, 200, new CircuitBreaker(true, false, 3)),
            List.of(starting("a", 3)), List.of(ROLLING), OLD_DONE,
            List.of(new RolloutStep.CountFailures("dep-new", 3), fail), true),
        new Case("failures counted earlier still trip the breaker when their tasks are gone",
            List.of(WEB), null, List.of(healthy("b", "h1")),
            List.of(withFailures(ROLLING, 3)), OLD_DONE,
            List.of(new RolloutStep.Fail(withFailures(ROLLING, 3), TRIPPED),
                new RolloutStep.RollBack(withFailures(ROLLING, 3), OLD_DONE,
                    spec(WEB, null).withTaskDefinition("web:1"), NEW_ID,
                    "circuit breaker: deployment dep-new of web:2 failed")), true),
        new Case("a completed deployment of the current spec: nothing", List.of(WEB), null,
            List.of(starting("a", 5)), List.of(deployment("dep-new", "web", 2, "h2",
                Deployment.COMPLETED, 0)), null, List.of(), false),
        new Case("a failed deployment of the current spec: nothing more", List.of(WEB), null,
            List.of(starting("a", 5)), List.of(deployment("dep-new", "web", 2, "h2",
                Deployment.FAILED, 3)), null, List.of(), false),
        new Case("a deleted service's deployments retire", List.of(), null, List.of(),
            List.of(deployment("dep-gone", "gone", 1, "hg", Deployment.IN_PROGRESS, 0)), null,
            List.of(new RolloutStep.Retire("gone")), false),
        new Case("a daemon expects its tasks that are not held: completed", List.of(DAEMON), null,
            List.of(healthy("a", "h2"), healthy("b", "h2"), task("c", "h1", false, 0, true)),
            List.of(ROLLING), null, List.of(new RolloutStep.Complete(ROLLING, "all tasks healthy")),
            false));
  }

  private static Deployment withFailures(Deployment d, int failed) {
    return deployment(d.deploymentId(), d.serviceName(), d.taskRevision(), d.specHash(),
        d.rolloutState(), failed);
  }

  private static PassInput input(Case c) {
    Map<String, Deployment> targets = c.rollbackTarget() == null ? Map.of()
        : Map.of("web", c.rollbackTarget());
    Map<String, Service> specs = new HashMap<>();
    c.services().forEach(s -> specs.put(s.serviceName(), spec(s, c.deployment())));
    return new PassInput(new DesiredState(c.services()), c.tasks(), List.of(),
        List.of(new DeviceSnapshot("d1", Map.of(), 4096, 4096, 0, DeviceCondition.READY)),
        List.of(), Map.of(), new RolloutInput(specs, c.primaries(), targets), NOW, 7);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rolloutSteps(Case c) {
    PassPlan plan = PassPlanner.plan(input(c));
    assertEquals(c.steps(), withoutNewIds(plan.rollouts()));
    assertEquals(c.moving(), plan.rolloutsMoving());
  }

  /** Checks the ids the plan drew for new deployments, then replaces them with {@link #NEW_ID}. */
  private static List<RolloutStep> withoutNewIds(List<RolloutStep> steps) {
    List<RolloutStep> out = new ArrayList<>();
    for (RolloutStep s : steps) {
      if (s instanceof RolloutStep.Start st) {
        assertTrue(st.deploymentId().matches("dep-[0-9a-f]{12}"), st.deploymentId());
        out.add(new RolloutStep.Start(NEW_ID, st.serviceName(), st.family(), st.revision(),
            st.specHash(), st.reason()));
      } else if (s instanceof RolloutStep.RollBack b) {
        assertTrue(b.deploymentId().matches("dep-[0-9a-f]{12}"), b.deploymentId());
        out.add(new RolloutStep.RollBack(b.failed(), b.to(), b.spec(), NEW_ID, b.reason()));
      } else {
        out.add(s);
      }
    }
    return out;
  }

  /** The seed names new deployments, like new tasks: the same input, the same plan. */
  @Test
  void newDeploymentIds_comeFromTheSeed() {
    Case created = cases().findFirst().orElseThrow();
    assertEquals(PassPlanner.plan(input(created)), PassPlanner.plan(input(created)));
  }

  @Test
  void aServiceWithoutItsSpec_isRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
        new PassInput(new DesiredState(List.of(WEB)), List.of(), List.of(), List.of(), List.of(),
            Map.of(), new RolloutInput(Map.of(), List.of(), Map.of()), NOW, 7));
    assertEquals("no spec for service web in the rollout input", e.getMessage());
  }
}
