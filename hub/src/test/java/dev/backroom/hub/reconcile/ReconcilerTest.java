package dev.backroom.hub.reconcile;

import static dev.backroom.hub.reconcile.ReconcileFixtures.service;
import static dev.backroom.hub.reconcile.ReconcileFixtures.task;
import static dev.backroom.hub.scheduler.Fixtures.device;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backroom.config.model.PlacementConstraint;
import dev.backroom.hub.scheduler.DeviceSnapshot;
import dev.backroom.hub.scheduler.PlacementRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ReconcilerTest {
  static final long NOW = 1_700_000_000_000L;
  static final List<DeviceSnapshot> TWO_DEVICES =
      List.of(device("d1").build(), device("d2").build());

  /** One scenario; {@code want} is the result rendered by {@link #render}, bucket by bucket. */
  record Case(
      String name,
      List<DesiredService> desired,
      List<ObservedTask> tasks,
      List<DeviceSnapshot> devices,
      List<String> want) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("scaleUp_fromZero",
            List.of(service("web", 3)),
            List.of(),
            TWO_DEVICES,
            List.of("place web#0: scale up 0→3", "place web#1: scale up 0→3",
                "place web#2: scale up 0→3")),
        new Case("scaleUp_keepsExisting",
            List.of(service("web", 2)),
            List.of(task("t1", "web", "d1").build()),
            TWO_DEVICES,
            List.of("place web#0: scale up 1→2", "keep t1: up to date")),
        new Case("scaleDown_prefersNonRunningThenNewest",
            List.of(service("web", 2)),
            List.of(task("t1", "web", "d1").created(10).build(),
                task("t2", "web", "d1").created(40).build(),
                task("t3", "web", "d2").created(20).pending().build(),
                task("t4", "web", "d2").created(30).build(),
                task("t5", "web", "d2").created(5).status(null).build()),
            TWO_DEVICES,
            List.of("stop t2: scale down 5→2", "stop t3: scale down 5→2",
                "stop t5: scale down 5→2", "keep t1: up to date", "keep t4: up to date")),
        new Case("scaleDown_sameCreationTime_highestTaskIdFirst",
            List.of(service("web", 1)),
            List.of(task("a", "web", "d1").build(), task("b", "web", "d1").build()),
            TWO_DEVICES,
            List.of("stop b: scale down 2→1", "keep a: up to date")),
        new Case("scaleToZero_stopsAll",
            List.of(service("web", 0)),
            List.of(task("t1", "web", "d1").build(), task("t2", "web", "d2").build()),
            TWO_DEVICES,
            List.of("stop t1: scale down 2→0", "stop t2: scale down 2→0")),
        new Case("serviceDeleted_stopsAll_evenOnLostDevice",
            List.of(),
            List.of(task("t1", "old", "d1").build(), task("t2", "old", "gone").build()),
            TWO_DEVICES,
            List.of("stop t1: service deleted", "stop t2: service deleted")),
        new Case("specChanged_updatesInPlace",
            List.of(service("web", 2, "h2")),
            List.of(task("t1", "web", "d1").build(), task("t2", "web", "d2").hash("h2").build()),
            TWO_DEVICES,
            List.of("update t1 on d1 h1→h2: spec changed", "keep t2: up to date")),
        new Case("specChangedAndScaleDown_onlySurvivorsUpdated",
            List.of(service("web", 1, "h2")),
            List.of(task("t1", "web", "d1").created(1).build(),
                task("t2", "web", "d2").created(2).build()),
            TWO_DEVICES,
            List.of("stop t2: scale down 2→1", "update t1 on d1 h1→h2: spec changed")),
        new Case("lostDevice_lostAndReplaced",
            List.of(service("web", 2)),
            List.of(task("t1", "web", "d1").build(), task("t2", "web", "d2").build()),
            List.of(device("d1").build(), device("d2").unschedulable().build()),
            List.of("place web#0: replace lost task",
                "lost t2 on d2: device unavailable: not schedulable", "keep t1: up to date")),
        new Case("unknownDevice_lostAndReplaced_thenScaleUp",
            List.of(service("web", 3)),
            List.of(task("t1", "web", "d1").build(), task("t2", "web", "gone").build()),
            TWO_DEVICES,
            List.of("place web#0: replace lost task", "place web#1: scale up 2→3",
                "lost t2 on gone: device unavailable: not reported", "keep t1: up to date")),
        new Case("lostWhileScalingDown_noReplacement",
            List.of(service("web", 1)),
            List.of(task("t1", "web", "d1").build(), task("t2", "web", "gone").build()),
            TWO_DEVICES,
            List.of("lost t2 on gone: device unavailable: not reported", "keep t1: up to date")),
        new Case("exactCount_keepOnly",
            List.of(service("web", 2), service("api", 1)),
            List.of(task("t2", "web", "d2").build(), task("t1", "web", "d1").build(),
                task("t3", "api", "d1").pending().build()),
            TWO_DEVICES,
            List.of("keep t3: up to date", "keep t1: up to date", "keep t2: up to date")),
        new Case("negativeDesiredCount_countsAsZero",
            List.of(service("web", -1)),
            List.of(task("t1", "web", "d1").build()),
            TWO_DEVICES,
            List.of("stop t1: scale down 1→0")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void compute(Case c) {
    ReconcileResult result = Reconciler.compute(
        new DesiredState(c.desired()), new ObservedState(c.tasks(), c.devices()), NOW);
    assertResults(c, result);
  }

  @Test
  void placementRequests_carryDefinitionAndConstraints() {
    List<PlacementConstraint> constraints = List.of(PlacementConstraint.memberOf(
        "attribute:ecs.cpu-architecture == arm64"));
    DesiredState desired = new DesiredState(List.of(service("web", 2, "h1", constraints)));
    ReconcileResult result =
        Reconciler.compute(desired, new ObservedState(List.of(), TWO_DEVICES), NOW);
    List<PlacementRequest> requests = result.placementRequests(desired);
    DesiredService web = desired.services().get(0);
    assertEquals(List.of(
        new PlacementRequest("web#0000", "web", web.taskDefinition(), constraints),
        new PlacementRequest("web#0001", "web", web.taskDefinition(), constraints)), requests);
  }

  private static void assertResults(Case c, ReconcileResult result) {
    assertEquals(c.want(), render(result), c.name());
  }

  /** One line per item, in bucket order place, stop, update, lost, keep. */
  static List<String> render(ReconcileResult r) {
    List<String> out = new ArrayList<>();
    r.place().forEach(i -> out.add(
        "place " + i.serviceName() + "#" + i.ordinal() + ": " + i.reason()));
    r.stop().forEach(i -> out.add("stop " + i.taskId() + ": " + i.reason()));
    r.update().forEach(i -> out.add("update " + i.taskId() + " on " + i.deviceId() + " "
        + i.fromSpecHash() + "→" + i.toSpecHash() + ": " + i.reason()));
    r.lost().forEach(i -> out.add(
        "lost " + i.taskId() + " on " + i.deviceId() + ": " + i.reason()));
    r.keep().forEach(i -> out.add("keep " + i.taskId() + ": " + i.reason()));
    return out;
  }
}
