package dev.backroom.hub.core.reconcile;

import static dev.backroom.hub.core.reconcile.ReconcileFixtures.render;
import static dev.backroom.hub.core.reconcile.ReconcileFixtures.rolling;
import static dev.backroom.hub.core.reconcile.ReconcileFixtures.task;
import static dev.backroom.hub.core.scheduler.Fixtures.device;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.hub.core.scheduler.DeviceSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rollouts and drains over successive passes, each pass fed what the previous one did
 * ({@link Simulation}). New tasks are named n001, n002, ... in placement order.
 */
class RolloutTest {
  static final List<DeviceSnapshot> TWO = List.of(device("d1").build(), device("d2").build());
  static final List<ObservedTask> TWO_OLD = List.of(task("t1", "web", "d1").build(),
      task("t2", "web", "d2").build());
  static final String KEPT = "rolling update: kept for minimum healthy";

  /** {@code passes} holds the rendered result of each pass in turn. */
  record Case(
      String name,
      DesiredService desired,
      List<ObservedTask> tasks,
      List<DeviceSnapshot> devices,
      int unhealthyPasses,
      List<List<String>> passes) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("min100_max200_newFirst_oldStoppedOnceNewHealthy",
            rolling("web", 2, "h2", 100, 200), TWO_OLD, TWO, 1,
            List.of(
                List.of("place web#0: rolling update to h2", "place web#1: rolling update to h2",
                    "keep t1: " + KEPT, "keep t2: " + KEPT),
                List.of("keep n001: up to date", "keep n002: up to date",
                    "keep t1: " + KEPT, "keep t2: " + KEPT),
                List.of("stop t1: rolling update: replaced", "stop t2: rolling update: replaced",
                    "keep n001: up to date", "keep n002: up to date"),
                List.of("keep n001: up to date", "keep n002: up to date"))),
        new Case("min50_max100_oneAtATime_stopThenPlace",
            rolling("web", 2, "h2", 50, 100), TWO_OLD, TWO, 1,
            List.of(
                List.of("place web#0: rolling update to h2", "stop t2: rolling update: replaced",
                    "keep t1: " + KEPT),
                List.of("keep n001: up to date", "keep t1: " + KEPT),
                List.of("place web#0: rolling update to h2", "stop t1: rolling update: replaced",
                    "keep n001: up to date"),
                List.of("keep n001: up to date", "keep n002: up to date"),
                List.of("keep n001: up to date", "keep n002: up to date"))),
        new Case("newTasksNeverHealthy_oldHealthyTasksNeverStopped",
            rolling("web", 2, "h2", 100, 200), TWO_OLD, TWO, Simulation.NEVER_HEALTHY,
            List.of(
                List.of("place web#0: rolling update to h2", "place web#1: rolling update to h2",
                    "keep t1: " + KEPT, "keep t2: " + KEPT),
                List.of("keep n001: up to date", "keep n002: up to date",
                    "keep t1: " + KEPT, "keep t2: " + KEPT),
                List.of("keep n001: up to date", "keep n002: up to date",
                    "keep t1: " + KEPT, "keep t2: " + KEPT))),
        new Case("min50_newTasksNeverHealthy_halfStaysUp",
            rolling("web", 2, "h2", 50, 100), TWO_OLD, TWO, Simulation.NEVER_HEALTHY,
            List.of(
                List.of("place web#0: rolling update to h2", "stop t2: rolling update: replaced",
                    "keep t1: " + KEPT),
                List.of("keep n001: up to date", "keep t1: " + KEPT),
                List.of("keep n001: up to date", "keep t1: " + KEPT))),
        new Case("drain_replacedElsewhereFirst_thenStopped",
            rolling("web", 2, "h1", 100, 200), TWO_OLD,
            List.of(device("d1").build(), device("d2").draining().build(), device("d3").build()),
            1,
            List.of(
                List.of("place web#0: drain: replacing task on d2", "keep t1: up to date",
                    "keep t2: drain: kept for minimum healthy"),
                List.of("keep n001: up to date", "keep t1: up to date",
                    "keep t2: drain: kept for minimum healthy"),
                List.of("stop t2: drain: moved off d2", "keep n001: up to date",
                    "keep t1: up to date"),
                List.of("keep n001: up to date", "keep t1: up to date"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void passes(Case c) {
    Simulation sim = new Simulation(c.tasks(), c.devices(), c.unhealthyPasses());
    DesiredState desired = new DesiredState(List.of(c.desired()));
    List<List<String>> got = new ArrayList<>();
    for (int i = 0; i < c.passes().size(); i++) {
      got.add(render(sim.step(desired)));
    }
    assertEquals(c.passes(), got, c.name());
  }

  /** Verifies that the drain helper turns true exactly when the rollout off the device ends. */
  @Test
  void drainComplete_afterReplacementStoppedTheOldTask() {
    List<DeviceSnapshot> devices =
        List.of(device("d1").build(), device("d2").draining().build(), device("d3").build());
    Simulation sim = new Simulation(TWO_OLD, devices, 1);
    DesiredState desired = new DesiredState(List.of(rolling("web", 2, "h1", 100, 200)));
    List<Boolean> complete = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      sim.step(desired);
      complete.add(Reconciler.drainComplete("d2", sim.observed()));
    }
    assertEquals(List.of(false, false, true, true), complete);
    assertTrue(sim.tasks().stream().noneMatch(t -> t.deviceId().equals("d2")));
  }
}
