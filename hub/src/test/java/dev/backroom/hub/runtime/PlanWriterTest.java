package dev.backroom.hub.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backroom.hub.core.plan.PassPlan;
import dev.backroom.hub.events.EventStore;
import dev.backroom.hub.events.EventStore.Subject;
import dev.backroom.hub.store.TaskStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The apply step decides nothing: what it writes is a function of the plan alone. */
class PlanWriterTest {
  private static final PassPlan PLAN = new PassPlan(
      List.of(new PassPlan.Stop(PassPlan.STOPPED, "web-1", "web", "d1", "scaled in", null),
          new PassPlan.Stop(PassPlan.LOST, "web-2", "web", "d9", "device lost", null),
          new PassPlan.Stop(PassPlan.STOPPED, "job-1", null, "d2", "Essential container in task exited",
              "EssentialContainerExited")),
      List.of(new PassPlan.Place("web-0000beef", "web", "d3", "fam", 4, "h4", "replaces web-2")),
      List.of(),
      List.of(new PassPlan.Drained("d5", "maintenance")),
      false);

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
            "device d5 drained: no tasks left, unschedulable until released")), w.log());
  }

  @Test
  void equalPlans_equalWrites_andAnEmptyPlanWritesNothing() {
    PassPlan copy = new PassPlan(PLAN.stops(), PLAN.placements(), PLAN.unplaced(), PLAN.drained(),
        PLAN.drainsMoving());
    assertEquals(PlanWriter.writes(PLAN), PlanWriter.writes(copy));

    PlanWriter.Writes none = PlanWriter.writes(new PassPlan(List.of(), List.of(), List.of(),
        List.of(), true));
    assertEquals(new PlanWriter.Writes(Map.of(), Map.of(), List.of(), List.of(), List.of()), none);
  }
}
