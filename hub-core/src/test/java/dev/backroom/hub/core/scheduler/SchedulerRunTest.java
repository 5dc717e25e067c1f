package dev.backroom.hub.core.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.config.model.PlacementConstraint;
import dev.backroom.config.model.PlacementStrategy;
import dev.backroom.config.model.TaskDefinition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scheduler places runs of requests that ask for the same thing through a heap of feasible
 * devices instead of scanning every device per request. Property: whatever the scenario, that
 * gives exactly what the scan gives. The scan is forced by the same scorer declaring itself
 * non-local.
 */
class SchedulerRunTest {
  record Scenario(long seed, List<DeviceSnapshot> devices, List<Allocation> existing,
      List<PlacementRequest> requests) {
    @Override
    public String toString() {
      return "seed " + seed + ", " + devices.size() + " devices, " + requests.size() + " requests";
    }
  }

  static List<Scenario> scenarios() {
    return LongStream.range(0, 300).mapToObj(SchedulerRunTest::generate).toList();
  }

  /** Services of many tasks each, as the reconciler asks: ids service#0000, #0001, ... */
  static Scenario generate(long seed) {
    Random r = new Random(seed);
    List<DeviceSnapshot> devices = ScenarioGen.devices(r, 12);
    List<Allocation> existing = new ArrayList<>();
    for (DeviceSnapshot d : devices) {
      for (int i = r.nextInt(3); i > 0; i--) {
        List<HostPort> ports = r.nextInt(3) != 0 ? List.of()
            : List.of(new HostPort(List.of(80, 8080, 9000).get(r.nextInt(3)), "tcp"));
        existing.add(new Allocation("t-" + d.deviceId() + "-" + i, "s" + r.nextInt(3),
            d.deviceId(), 256 * r.nextInt(3), 64L * r.nextInt(8), 0, ports));
      }
    }
    List<PlacementRequest> requests = new ArrayList<>();
    for (int s = r.nextInt(4); s >= 0; s--) {
      TaskDefinition td = ScenarioGen.taskDefinitionWithRules(r);
      List<PlacementConstraint> constraints = ScenarioGen.constraints(r);
      List<PlacementStrategy> strategies = ScenarioGen.strategies(r);
      for (int i = r.nextInt(25); i > 0; i--) {
        String pin = r.nextInt(15) != 0 ? null : "d" + (1 + r.nextInt(Math.max(1, devices.size())));
        requests.add(new PlacementRequest(String.format("s%d#%04d", s, i), "s" + s, td,
            constraints, strategies, pin));
      }
    }
    return new Scenario(seed, devices, existing, requests);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void runsPlaceExactlyAsOneRequestAtATime(Scenario s) {
    SchedulerResult byRun = Scheduler.place(s.requests(), s.devices(), s.existing(), s.seed(),
        Scheduler.DEFAULT_CHECKS, Scheduler.DEFAULT_SCORER);
    SchedulerResult oneByOne = Scheduler.place(s.requests(), s.devices(), s.existing(), s.seed(),
        Scheduler.DEFAULT_CHECKS, scanned(Scheduler.DEFAULT_SCORER));
    assertEquals(oneByOne, byRun);
    assertEquals(s.requests().size(), byRun.placed().size() + byRun.unplaced().size());
  }

  @org.junit.jupiter.api.Test
  void theGeneratedScenariosExerciseLongRunsAndFullDevices() {
    int longRuns = 0;
    int someUnplaced = 0;
    for (Scenario s : scenarios()) {
      long spreadOnly = s.requests().stream()
          .filter(r -> r.pinnedDeviceId() == null && r.strategies().stream()
              .noneMatch(x -> x.field() != null && x.field().startsWith("attribute:")))
          .count();
      longRuns += spreadOnly >= 10 ? 1 : 0;
      someUnplaced += Scheduler.place(s.requests(), s.devices(), s.existing(), s.seed())
          .unplaced().isEmpty() ? 0 : 1;
    }
    assertTrue(longRuns > 50, "long runs: " + longRuns);
    assertTrue(someUnplaced > 50, "scenarios with unplaced requests: " + someUnplaced);
  }

  /** The same ranking, declared non-local, so the scheduler scans every device per request. */
  private static PlacementScorer scanned(PlacementScorer scorer) {
    return new PlacementScorer() {
      @Override
      public Comparator<DeviceLoad> ranking(TaskRequest task, Collection<DeviceLoad> loads) {
        return scorer.ranking(task, loads);
      }
    };
  }
}
