package dev.backroom.hub.core.reconcile;

import static dev.backroom.hub.core.reconcile.ReconcileFixtures.daemon;
import static dev.backroom.hub.core.reconcile.ReconcileFixtures.render;
import static dev.backroom.hub.core.reconcile.ReconcileFixtures.task;
import static dev.backroom.hub.core.scheduler.Fixtures.device;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backroom.config.model.PlacementConstraint;
import dev.backroom.hub.core.scheduler.DeviceSnapshot;
import dev.backroom.hub.core.scheduler.Fixtures;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Single passes of daemon services: one task per matching READY device. */
class DaemonReconcilerTest {
  static final List<PlacementConstraint> ARM = List.of(PlacementConstraint.memberOf(Fixtures.ARM64));
  /** d1 and d2 match {@link #ARM}; d3 does not. */
  static final List<DeviceSnapshot> THREE = List.of(device("d1").arch("arm64").build(),
      device("d2").arch("arm64").build(), device("d3").build());
  static final DesiredService AGENT = daemon("agent", "h1", ARM, 100, 200);

  record Case(
      String name,
      DesiredService desired,
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
        new Case("threeDevices_oneNotMatching_placedPinnedOnTheOthers",
            AGENT,
            List.of(),
            THREE,
            List.of("place agent#0 @d1: daemon: device d1 matches",
                "place agent#1 @d2: daemon: device d2 matches")),
        new Case("deviceJoins_placedThere",
            AGENT,
            List.of(task("t1", "agent", "d1").build(), task("t2", "agent", "d2").build()),
            List.of(THREE.get(0), THREE.get(1), THREE.get(2), device("d4").arch("arm64").build()),
            List.of("place agent#0 @d4: daemon: device d4 matches", "keep t1: up to date",
                "keep t2: up to date")),
        new Case("deviceNoLongerMatches_stoppedWithWhy",
            AGENT,
            List.of(task("t1", "agent", "d1").build(), task("t2", "agent", "d2").build()),
            List.of(THREE.get(0), device("d2").build(), THREE.get(2)),
            List.of("stop t2: daemon: device no longer matches: arch arm64 required",
                "keep t1: up to date")),
        new Case("extraTaskOnDevice_newestStopped",
            AGENT,
            List.of(task("t1", "agent", "d1").build(),
                task("t3", "agent", "d1").created(5).build(), task("t2", "agent", "d2").build()),
            THREE,
            List.of("stop t3: daemon: extra task on d1", "keep t1: up to date",
                "keep t2: up to date")),
        new Case("lostDevice_lostNotReplacedElsewhere",
            AGENT,
            List.of(task("t1", "agent", "d1").build(), task("t2", "agent", "d2").build()),
            List.of(THREE.get(0), device("d2").arch("arm64").lost().build(), THREE.get(2),
                device("d4").build()),
            List.of("lost t2 on d2: device lost", "keep t1: up to date")),
        new Case("drainingDevice_taskStopped",
            AGENT,
            List.of(task("t1", "agent", "d1").build(), task("t2", "agent", "d2").build()),
            List.of(THREE.get(0), device("d2").arch("arm64").draining().build()),
            List.of("stop t2: drain: stopped on d2", "keep t1: up to date")),
        new Case("notReadyDevices_getNothing",
            AGENT,
            List.of(),
            List.of(device("d1").arch("arm64").held().build(),
                device("d2").arch("arm64").draining().build(),
                device("d3").arch("arm64").lost().build()),
            List.of()),
        new Case("heldTask_keptEvenOutdated_slotCovered_extraBesideItStopped",
            daemon("agent", "h2", ARM, 100, 200),
            List.of(task("t1", "agent", "d1").held().build(),
                task("t2", "agent", "d1").hash("h2").build()),
            THREE,
            List.of("place agent#0 @d2: daemon: device d2 matches",
                "stop t2: daemon: extra task on d1 beside a held one", "keep t1: held")),
        new Case("rolling_startFirst_replacementPinnedBesideOld",
            daemon("agent", "h2", ARM, 100, 200),
            List.of(task("t1", "agent", "d1").build(), task("t2", "agent", "d2").build()),
            THREE,
            List.of("place agent#0 @d1: rolling update to h2",
                "place agent#1 @d2: rolling update to h2",
                "keep t1: rolling update: kept for minimum healthy",
                "keep t2: rolling update: kept for minimum healthy")),
        new Case("rolling_oldStoppedOnlyWhereReplacementHealthy",
            daemon("agent", "h2", ARM, 100, 200),
            List.of(task("t1", "agent", "d1").build(), task("t2", "agent", "d2").build(),
                task("t3", "agent", "d1").hash("h2").build(),
                task("t4", "agent", "d2").hash("h2").unhealthy().build()),
            THREE,
            List.of("stop t1: rolling update: replaced",
                "keep t2: rolling update: kept for minimum healthy",
                "keep t3: up to date", "keep t4: up to date")),
        new Case("rolling_unhealthyOld_stoppedAtOnce",
            daemon("agent", "h2", ARM, 100, 200),
            List.of(task("t1", "agent", "d1").pending().build(),
                task("t2", "agent", "d2").hash("h2").build()),
            THREE,
            List.of("place agent#0 @d1: rolling update to h2",
                "stop t1: rolling update: replaced", "keep t2: up to date")),
        new Case("rolling_gpuTask_minimumHealthyZero_stopsFirst",
            daemon("agent", "h2", ARM, 0, 100),
            List.of(task("t1", "agent", "d1").build(), task("t2", "agent", "d2").build()),
            THREE,
            List.of("place agent#0 @d1: rolling update to h2",
                "place agent#1 @d2: rolling update to h2",
                "stop t1: rolling update: replaced", "stop t2: rolling update: replaced")),
        new Case("rolling_min50_max100_halfTheDevicesAtATime",
            daemon("agent", "h2", ARM, 50, 100),
            List.of(task("t1", "agent", "d1").build(), task("t2", "agent", "d2").build()),
            THREE,
            List.of("place agent#0 @d1: rolling update to h2",
                "stop t1: rolling update: replaced",
                "keep t2: rolling update: kept for minimum healthy")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void compute(Case c) {
    ReconcileResult result = Reconciler.compute(new DesiredState(List.of(c.desired())),
        new ObservedState(c.tasks(), c.devices()), ReconcilerTest.NOW);
    assertEquals(c.want(), render(result), c.name());
  }
}
