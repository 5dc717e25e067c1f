package dev.backroom.hub.core.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backroom.config.model.DeploymentConfiguration.CircuitBreaker;
import dev.backroom.hub.core.deploy.DeploymentProgress.TaskView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Where a rollout stands: completion, the circuit breaker that triggers rollback, and neither. */
class DeploymentProgressTest {
  static final String NEW = "new";
  static final String OLD = "old";
  static final CircuitBreaker BREAKER = new CircuitBreaker(true, true, 3);

  record Case(String name, List<TaskView> tasks, int expected, int failedBefore,
      CircuitBreaker breaker, String state, int failed) {
    @Override
    public String toString() {
      return name;
    }
  }

  static TaskView healthy(String spec) {
    return new TaskView(spec, true, "RUNNING", 0, false);
  }

  static TaskView starting(String spec, int restarts) {
    return new TaskView(spec, false, "PENDING", restarts, false);
  }

  static TaskView stopped(String spec) {
    return new TaskView(spec, false, "STOPPED", 0, false);
  }

  static TaskView held(String spec) {
    return new TaskView(spec, false, "STOPPED", 0, true);
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("all new tasks healthy, no old left: completed",
            List.of(healthy(NEW), healthy(NEW)), 2, 0, BREAKER, Deployment.COMPLETED, 0),
        new Case("new healthy but old still running: in progress",
            List.of(healthy(NEW), healthy(NEW), healthy(OLD)), 2, 0, BREAKER, Deployment.IN_PROGRESS, 0),
        new Case("new tasks still starting: in progress",
            List.of(starting(NEW, 0), healthy(OLD), healthy(OLD)), 2, 0, BREAKER, Deployment.IN_PROGRESS, 0),
        new Case("restarts of new tasks reach the threshold: failed (rollback follows)",
            List.of(starting(NEW, 2), starting(NEW, 1), healthy(OLD), healthy(OLD)), 2, 0, BREAKER,
            Deployment.FAILED, 3),
        new Case("a stopped new task counts as a failed start",
            List.of(starting(NEW, 2), stopped(NEW), healthy(OLD)), 2, 0, BREAKER, Deployment.FAILED, 3),
        new Case("failures already recorded never shrink when failing tasks are gone",
            List.of(healthy(OLD), healthy(OLD)), 2, 3, BREAKER, Deployment.FAILED, 3),
        new Case("restarts of old tasks are not the rollout's failures",
            List.of(starting(NEW, 0), new TaskView(OLD, true, "RUNNING", 9, false)), 1, 0, BREAKER,
            Deployment.IN_PROGRESS, 0),
        new Case("breaker disabled: failures counted, rollout goes on",
            List.of(starting(NEW, 5)), 1, 0, new CircuitBreaker(false, false, 3),
            Deployment.IN_PROGRESS, 5),
        new Case("held old task does not block completion",
            List.of(healthy(NEW), healthy(NEW), held(OLD)), 2, 0, BREAKER, Deployment.COMPLETED, 0),
        new Case("held new task counts toward expected",
            List.of(healthy(NEW), held(NEW)), 2, 0, BREAKER, Deployment.COMPLETED, 0),
        new Case("scaled to zero: completes at once",
            List.of(), 0, 0, BREAKER, Deployment.COMPLETED, 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void progress(Case c) {
    DeploymentProgress.Outcome o = DeploymentProgress.compute(deployment(c.failedBefore()),
        c.tasks(), c.expected(), c.breaker());
    assertEquals(c.state(), o.rolloutState(), o.reason());
    assertEquals(c.failed(), o.failedTasks());
  }

  static Deployment deployment(int failed) {
    Instant t = Instant.EPOCH;
    return new Deployment("dep-1", "web", "web", 2, NEW, Deployment.PRIMARY, Deployment.IN_PROGRESS,
        null, failed, t, t);
  }

  /** Verifies the breaker's count is monotonic and decides the same way for the same input. */
  static Stream<Long> seeds() {
    return IntStream.range(0, 200).mapToObj(i -> (long) i);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void failuresNeverShrink_andSameInputSameOutcome(long seed) {
    Random r = new Random(seed);
    int failed = 0;
    for (int pass = 0; pass < 10; pass++) {
      List<TaskView> tasks = new ArrayList<>();
      for (int i = r.nextInt(5); i > 0; i--) {
        tasks.add(new TaskView(r.nextBoolean() ? NEW : OLD, r.nextBoolean(),
            r.nextBoolean() ? "RUNNING" : "STOPPED", r.nextInt(3), r.nextInt(5) == 0));
      }
      DeploymentProgress.Outcome o = DeploymentProgress.compute(deployment(failed), tasks, 2, BREAKER);
      assertEquals(o, DeploymentProgress.compute(deployment(failed), tasks, 2, BREAKER));
      assertEquals(true, o.failedTasks() >= failed);
      assertEquals(o.failedTasks() >= 3, o.rolloutState().equals(Deployment.FAILED));
      failed = o.failedTasks();
    }
  }
}
