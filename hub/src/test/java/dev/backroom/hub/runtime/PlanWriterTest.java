package dev.backroom.hub.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backroom.config.model.Service;
import dev.backroom.hub.core.deploy.Deployment;
import dev.backroom.hub.core.plan.PassPlan;
import dev.backroom.hub.core.plan.RolloutStep;
import dev.backroom.hub.events.EventStore;
import dev.backroom.hub.events.EventStore.Subject;
import dev.backroom.hub.store.TaskStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The apply step decides nothing: what it writes is a function of the plan alone. */
class PlanWriterTest {
  private static final Deployment DB_ROLLING = deployment("dep-db", "db", 2, Deployment.IN_PROGRESS);
  private static final Deployment DB_DONE = deployment("dep-db-1", "db", 1, Deployment.COMPLETED);
  private static final Deployment CACHE_ROLLING =
      deployment("dep-cache", "cache", 7, Deployment.IN_PROGRESS);
  private static final PassPlan PLAN = new PassPlan(
      List.of(new PassPlan.Stop(PassPlan.STOPPED, "web-1", "web", "d1", "scaled in", null),
          new PassPlan.Stop(PassPlan.LOST, "web-2", "web", "d9", "device lost", null),
          new PassPlan.Stop(PassPlan.STOPPED, "job-1", null, "d2", "Essential container in task exited",
              "EssentialContainerExited")),
      List.of(new PassPlan.Place("web-0000beef", "web", "d3", "fam", 4, "h4", "replaces web-2")),
      List.of(),
      List.of(new PassPlan.Drained("d5", "maintenance")),
      false,
      List.of(new RolloutStep.Retire("gone"),
          new RolloutStep.Start("dep-000000000001", "web", "fam", 4, "h4",
              "task definition changed from fam:3 to fam:4"),
          new RolloutStep.CountFailures("dep-db", 3),
          new RolloutStep.Fail(DB_ROLLING, "3 failed task starts"),
          new RolloutStep.RollBack(DB_ROLLING, DB_DONE, new Service("db", "db:1", 1, null),
              "dep-000000000002", "circuit breaker: deployment dep-db of db:2 failed"),
          new RolloutStep.Complete(CACHE_ROLLING, "all tasks healthy"),
          new RolloutStep.NoRollback("queue")),
      true);

  @Test
  void everyDecisionOfThePlan_becomesItsRowAndEvent_inPlanOrder() {
    PlanWriter.Writes w = PlanWriter.writes(PLAN);

    assertEquals(Map.of("web-1", "scaled in", "web-2", "device lost",
        "job-1", "Essential container in task exited"), w.stopped());
    assertEquals(Map.of("job-1", "EssentialContainerExited"), w.stopCodes());
    assertEquals(List.of(new TaskStore.NewTask("web-0000beef", "web", "d3", "fam", 4, "h4")), w.placed());
    assertEquals(List.of("d5"), w.drained());
    assertEquals(List.of(
        new EventStore.Entry("task-stopped", Subject.task("web", "web-1", "d1"), "scaled in",
            "task web-1 on d1: scaled in"),
        new EventStore.Entry("task-lost", Subject.task("web", "web-2", "d9"), "device lost",
            "task web-2 on d9: device lost"),
        new EventStore.Entry("task-stopped", Subject.task(null, "job-1", "d2"),
            "Essential container in task exited",
            "task job-1 on d2: Essential container in task exited"),
        new EventStore.Entry("task-placed", Subject.task("web", "web-0000beef", "d3"),
            "replaces web-2", "task web-0000beef of fam:4 placed on d3"),
        new EventStore.Entry("device-drained", Subject.device("d5"), "maintenance",
            "device d5 drained: no tasks left, unschedulable until released"),
        new EventStore.Entry("deployment-started", Subject.deployment("web", "dep-000000000001"),
            "task definition changed from fam:3 to fam:4", "deployment dep-000000000001 of fam:4 started"),
        new EventStore.Entry("deployment-failed", Subject.deployment("db", "dep-db"),
            "3 failed task starts", "deployment dep-db of db:2 failed"),
        new EventStore.Entry("rollback", Subject.deployment("db", "dep-000000000002"),
            "circuit breaker: deployment dep-db of db:2 failed", "rolled db back to db:1"),
        new EventStore.Entry("deployment-completed", Subject.deployment("cache", "dep-cache"),
            "all tasks healthy", "deployment dep-cache of cache:7 completed"),
        new EventStore.Entry("rollback-impossible", Subject.service("queue"),
            "no completed revision", "cannot roll back queue: no earlier deployment completed")),
        w.log());
    assertEquals(PLAN.rollouts(), w.rollouts(), "every rollout step is written, in order");
  }

  private static Deployment deployment(String id, String service, int revision, String state) {
    Instant t = Instant.EPOCH;
    return new Deployment(id, service, service, revision, "h" + revision, Deployment.PRIMARY,
        state, null, 0, t, t);
  }

  @Test
  void equalPlans_equalWrites_andAnEmptyPlanWritesNothing() {
    PassPlan copy = new PassPlan(PLAN.stops(), PLAN.placements(), PLAN.unplaced(), PLAN.drained(),
        PLAN.drainsMoving(), PLAN.rollouts(), PLAN.rolloutsMoving());
    assertEquals(PlanWriter.writes(PLAN), PlanWriter.writes(copy));

    PlanWriter.Writes none = PlanWriter.writes(new PassPlan(List.of(), List.of(), List.of(),
        List.of(), true, List.of(), true));
    assertEquals(new PlanWriter.Writes(Map.of(), Map.of(), List.of(), List.of(), List.of(),
        List.of()), none);
  }
}
