package dev.backroom.hub.core.reconcile;

import static dev.backroom.hub.core.reconcile.ReconcileFixtures.render;
import static dev.backroom.hub.core.reconcile.ReconcileFixtures.rolling;
import static dev.backroom.hub.core.reconcile.ReconcileFixtures.service;
import static dev.backroom.hub.core.reconcile.ReconcileFixtures.task;
import static dev.backroom.hub.core.scheduler.Fixtures.device;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.config.model.PlacementConstraint;
import dev.backroom.config.model.PlacementStrategy;
import dev.backroom.hub.core.scheduler.DeviceSnapshot;
import dev.backroom.hub.core.scheduler.PlacementRequest;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Single passes of a replica service; daemons are in {@link DaemonReconcilerTest}. */
class ReconcilerTest {
  static final long NOW = 1_700_000_000_000L;
  static final List<DeviceSnapshot> TWO_DEVICES =
      List.of(device("d1").build(), device("d2").build());
  static final List<DeviceSnapshot> D2_DRAINING =
      List.of(device("d1").build(), device("d2").draining().build(), device("d3").build());

  /** One scenario; {@code want} is the result rendered by {@link ReconcileFixtures#render}. */
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
        new Case("scaleDown_prefersUnhealthyThenNewest",
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
        new Case("scaleToZero_stopsAll_outdatedToo",
            List.of(service("web", 0, "h2")),
            List.of(task("t1", "web", "d1").hash("h2").build(), task("t2", "web", "d2").build()),
            TWO_DEVICES,
            List.of("stop t1: scale down 2→0", "stop t2: scale down 2→0")),
        new Case("serviceDeleted_stopsAll_evenLostOrHeld",
            List.of(),
            List.of(task("t1", "old", "d1").build(), task("t2", "old", "gone").build(),
                task("t3", "old", "d1").held().build()),
            TWO_DEVICES,
            List.of("stop t1: service deleted", "stop t2: service deleted",
                "stop t3: service deleted")),
        new Case("specChanged_replacementPlaced_oldKeptUntilHealthy",
            List.of(service("web", 2, "h2")),
            List.of(task("t1", "web", "d1").build(), task("t2", "web", "d2").hash("h2").build()),
            TWO_DEVICES,
            List.of("place web#0: rolling update to h2",
                "keep t1: rolling update: kept for minimum healthy", "keep t2: up to date")),
        new Case("specChangedAndScaleDown_surplusOldRetired_restReplaced",
            List.of(service("web", 1, "h2")),
            List.of(task("t1", "web", "d1").created(1).build(),
                task("t2", "web", "d2").created(2).build()),
            TWO_DEVICES,
            List.of("place web#0: rolling update to h2", "stop t2: rolling update: replaced",
                "keep t1: rolling update: kept for minimum healthy")),
        new Case("rolling_unhealthyOutdated_stoppedAtNoCost",
            List.of(service("web", 2, "h2")),
            List.of(task("t1", "web", "d1").build(),
                task("t2", "web", "d2").status(ObservedTask.STOPPED).build()),
            TWO_DEVICES,
            List.of("place web#0: rolling update to h2", "place web#1: rolling update to h2",
                "stop t2: rolling update: replaced",
                "keep t1: rolling update: kept for minimum healthy")),
        new Case("scaleDownDuringRollout_prefersOutdated",
            List.of(service("web", 1, "h2")),
            List.of(task("t1", "web", "d1").created(0).build(),
                task("t2", "web", "d2").created(5).build(),
                task("t3", "web", "d1").hash("h2").created(20).build()),
            TWO_DEVICES,
            List.of("stop t1: rolling update: replaced", "stop t2: rolling update: replaced",
                "keep t3: up to date")),
        new Case("scaleDownDuringRollout_surplusNewUnhealthyFirst_thenOutdated",
            List.of(service("web", 1, "h2")),
            List.of(task("t1", "web", "d1").build(),
                task("t2", "web", "d2").hash("h2").created(10).build(),
                task("t3", "web", "d1").hash("h2").created(20).pending().build()),
            TWO_DEVICES,
            List.of("stop t1: rolling update: replaced", "stop t3: scale down 3→1",
                "keep t2: up to date")),
        new Case("lostDevice_lostAndReplaced",
            List.of(service("web", 2)),
            List.of(task("t1", "web", "d1").build(), task("t2", "web", "d2").build()),
            List.of(device("d1").build(), device("d2").lost().build()),
            List.of("place web#0: replace lost task", "lost t2 on d2: device lost",
                "keep t1: up to date")),
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
        new Case("deviceReturns_oldTaskAlreadyStopped_nothingSurplus",
            List.of(service("web", 2)),
            List.of(task("t1", "web", "d1").build(), task("t3", "web", "d1").created(50).build()),
            TWO_DEVICES,
            List.of("keep t1: up to date", "keep t3: up to date")),
        new Case("deviceReturns_oldTaskStillReported_newestScaledDown",
            List.of(service("web", 2)),
            List.of(task("t1", "web", "d1").build(), task("t2", "web", "d2").build(),
                task("t3", "web", "d1").created(50).build()),
            TWO_DEVICES,
            List.of("stop t3: scale down 3→2", "keep t1: up to date", "keep t2: up to date")),
        new Case("held_stoppedTask_keptAndNotReplaced",
            List.of(service("web", 2)),
            List.of(task("t1", "web", "d1").status(ObservedTask.STOPPED).held().build(),
                task("t2", "web", "d2").build()),
            TWO_DEVICES,
            List.of("keep t1: held", "keep t2: up to date")),
        new Case("held_onLostDevice_keptAndNotReplaced",
            List.of(service("web", 2)),
            List.of(task("t1", "web", "gone").held().build(), task("t2", "web", "d1").build()),
            TWO_DEVICES,
            List.of("keep t1: held", "keep t2: up to date")),
        new Case("heldDevice_outdatedTaskKept_countsAsHealthy",
            List.of(service("web", 2, "h2")),
            List.of(task("t1", "web", "d1").build(), task("t2", "web", "d2").build()),
            List.of(device("d1").build(), device("d2").held().build()),
            List.of("place web#0: rolling update to h2",
                "keep t1: rolling update: kept for minimum healthy", "keep t2: held")),
        new Case("held_neverScaledDown_othersGoFirst",
            List.of(service("web", 1)),
            List.of(task("t1", "web", "d1").held().build(),
                task("t2", "web", "d1").created(-5).build(), task("t3", "web", "d2").build()),
            TWO_DEVICES,
            List.of("stop t2: scale down 3→1", "stop t3: scale down 3→1", "keep t1: held")),
        new Case("drain_replacementFirst_oldKeptUntilHealthy",
            List.of(service("web", 2)),
            List.of(task("t1", "web", "d1").build(), task("t2", "web", "d2").build()),
            D2_DRAINING,
            List.of("place web#0: drain: replacing task on d2", "keep t1: up to date",
                "keep t2: drain: kept for minimum healthy")),
        new Case("drain_replacementHealthy_oldStopped",
            List.of(service("web", 2)),
            List.of(task("t1", "web", "d1").build(), task("t2", "web", "d2").build(),
                task("t3", "web", "d3").created(10).build()),
            D2_DRAINING,
            List.of("stop t2: drain: moved off d2", "keep t1: up to date",
                "keep t3: up to date")),
        new Case("drain_replacementNotHealthyYet_oldKept",
            List.of(service("web", 2)),
            List.of(task("t1", "web", "d1").build(), task("t2", "web", "d2").build(),
                task("t3", "web", "d3").created(10).unhealthy().build()),
            D2_DRAINING,
            List.of("keep t1: up to date", "keep t2: drain: kept for minimum healthy",
                "keep t3: up to date")),
        new Case("drain_minimumHealthyZero_stoppedAtOnce",
            List.of(rolling("web", 2, "h1", 0, 100)),
            List.of(task("t1", "web", "d1").build(), task("t2", "web", "d2").build()),
            D2_DRAINING,
            List.of("place web#0: drain: replacing task on d2", "stop t2: drain: moved off d2",
                "keep t1: up to date")),
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
    assertEquals(c.want(), render(result), c.name());
  }

  @Test
  void placementRequests_carryDefinitionConstraintsStrategiesAndPins() {
    List<PlacementConstraint> constraints = List.of(PlacementConstraint.memberOf(
        "attribute:ecs.cpu-architecture == arm64"));
    List<PlacementStrategy> binpack = List.of(PlacementStrategy.binpack("memory"));
    DesiredService web = new DesiredService("web", ReconcileFixtures.service("x", 1)
        .taskDefinition(), "h1", 2, constraints, false, binpack, 100, 200);
    DesiredService agent = ReconcileFixtures.daemon("agent", "h1", List.of(), 100, 200);
    DesiredState desired = new DesiredState(List.of(web, agent));
    ReconcileResult result =
        Reconciler.compute(desired, new ObservedState(List.of(), TWO_DEVICES), NOW);
    assertEquals(List.of(
        new PlacementRequest("agent#0000", "agent", agent.taskDefinition(), List.of(),
            List.of(PlacementStrategy.spread()), "d1"),
        new PlacementRequest("agent#0001", "agent", agent.taskDefinition(), List.of(),
            List.of(PlacementStrategy.spread()), "d2"),
        new PlacementRequest("web#0000", "web", web.taskDefinition(), constraints, binpack, null),
        new PlacementRequest("web#0001", "web", web.taskDefinition(), constraints, binpack, null)),
        result.placementRequests(desired));
  }

  @Test
  void oldConstructors_keepTheirMeaning() {
    DesiredService s = new DesiredService("web", null, "h1", 2, null);
    assertEquals(List.of(false, List.of(PlacementStrategy.spread()), 100, 200),
        List.of(s.daemon(), s.strategies(), s.minimumHealthyPercent(), s.maximumPercent()));
    assertTrue(new ObservedTask("t1", "web", "d1", "h1", ObservedTask.RUNNING, 0).healthy());
    ObservedTask pending = new ObservedTask("t1", "web", "d1", "h1", ObservedTask.PENDING, 0);
    assertFalse(pending.healthy() || pending.held());
    assertNull(new PlaceItem("web", 0, "scale up").pinnedDeviceId());
  }

  @Test
  void drainComplete_onlyHeldTasksLeft() {
    List<DeviceSnapshot> devices = D2_DRAINING;
    ObservedTask onD1 = task("t1", "web", "d1").build();
    ObservedTask heldOnD2 = task("t2", "web", "d2").held().build();
    ObservedTask deletedOnD2 = task("t3", "old", "d2").build();
    assertTrue(Reconciler.drainComplete("d2",
        new ObservedState(List.of(onD1, heldOnD2), devices)));
    assertFalse(Reconciler.drainComplete("d2",
        new ObservedState(List.of(onD1, heldOnD2, deletedOnD2), devices)));
    assertTrue(Reconciler.drainComplete("d3", new ObservedState(List.of(onD1), devices)));
  }
}
