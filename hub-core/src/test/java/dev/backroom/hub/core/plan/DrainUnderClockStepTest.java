package dev.backroom.hub.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.config.model.TaskDefinition;
import dev.backroom.hub.core.deploy.RunningTimes;
import dev.backroom.hub.core.deploy.TaskHealth;
import dev.backroom.hub.core.reconcile.DesiredService;
import dev.backroom.hub.core.reconcile.DesiredState;
import dev.backroom.hub.core.reconcile.ObservedTask;
import dev.backroom.hub.core.scheduler.Allocation;
import dev.backroom.hub.core.scheduler.DeviceCondition;
import dev.backroom.hub.core.scheduler.DeviceSnapshot;
import dev.backroom.hub.core.scheduler.Fixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A drain with the hub's wall clock stepped before it, pass by pass as the control loop runs
 * (one a second; a placed task runs from the next one), health judged as the hub judges it. The
 * soak's seed 20261208: two tasks of a 4-task service started while the hub's clock read 7 min
 * ahead; 25 s after it was set right, device a was drained. Timed on the wall clock, the task
 * on c stayed within its grace for 7 min, so the service had one healthy task too few and the
 * drain kept a's last task "for minimum healthy" beside its replacement.
 */
class DrainUnderClockStepTest {
  static final Instant T0 = Instant.parse("2026-12-07T12:08:00Z");
  static final Duration GRACE = Duration.ofSeconds(5);
  static final TaskDefinition TD = Fixtures.taskDefinition(64, 0, 0);
  static final DesiredService PLAIN = new DesiredService("plain", TD, "h1", 4, List.of());
  static final long DRAIN_S = 66;

  record Case(String name, Duration step) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> steps() {
    return Stream.of(new Case("no step", Duration.ZERO),
        new Case("7 min ahead, set right (seed 20261208)", Duration.ofMinutes(7)),
        new Case("10 min ahead, set right", Duration.ofMinutes(10)),
        new Case("5 min behind, set right", Duration.ofMinutes(-5)));
  }

  /** The clock is {@code step} off from 6 s to 40 s, right otherwise. */
  static Instant wall(Case c, long second) {
    Instant mono = T0.plusSeconds(second);
    return second >= 6 && second < 40 ? mono.plus(c.step()) : mono;
  }

  /** A task that runs from {@code start} (s), its running-since stored as the wall clock read. */
  record Task(String id, String device, long start, Instant wallSince) {
    Task(Case c, String id, String device, long start) {
      this(id, device, start, wall(c, start));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("steps")
  void theDrain_endsOneGraceAfterTheReplacementsRun(Case c) {
    RunningTimes times = new RunningTimes();
    Map<String, Task> tasks = new TreeMap<>();
    // Started during the step: plain-eb1ebbca on c, plain-234542ac on a; after it:
    // plain-969d6ad5 on a, plain-e0ab3e36 on b.
    for (Task t : List.of(new Task(c, "plain-1", "c", 15), new Task(c, "plain-2", "a", 15),
        new Task(c, "plain-3", "a", 52), new Task(c, "plain-4", "b", 52))) {
      tasks.put(t.id(), t);
    }
    Long drained = null;
    for (long s = 1; s <= 200 && drained == null; s++) {
      long now = s;
      List<Task> running = tasks.values().stream().filter(t -> t.start() <= now).toList();
      Map<String, Instant> wallSince = new HashMap<>();
      running.forEach(t -> wallSince.put(t.id(), t.wallSince()));
      Instant mono = T0.plusSeconds(s);
      Map<String, Instant> since = times.pass(wallSince, wall(c, s), mono);
      if (s < DRAIN_S) {
        continue; // passes before the drain (the hub's placed these tasks)
      }
      PassPlan plan = PassPlanner.plan(input(running, since, mono, s));
      for (PassPlan.Stop stop : plan.stops()) {
        tasks.remove(stop.taskId());
      }
      for (PassPlan.Place p : plan.placements()) {
        tasks.put(p.taskId(), new Task(c, p.taskId(), p.deviceId(), s + 1));
      }
      if (!plan.drained().isEmpty()) {
        assertEquals(List.of(new PassPlan.Drained("a", "soak")), plan.drained());
        drained = s;
      }
    }
    // Replacements placed at the drain run a second later, are healthy one grace after that,
    // and the next pass stops a's last task; the one after finds a empty.
    assertTrue(drained != null && drained <= DRAIN_S + 1 + GRACE.toSeconds() + 1,
        c + ": device a drained at " + drained + " s, the drain at " + DRAIN_S + " s");
    assertEquals(4, tasks.size(), c + ": " + tasks);
    assertTrue(tasks.values().stream().noneMatch(t -> t.device().equals("a")), c + ": " + tasks);
  }

  private static PassInput input(List<Task> running, Map<String, Instant> since,
      Instant mono, long second) {
    List<ObservedTask> observed = new ArrayList<>();
    List<Allocation> allocations = new ArrayList<>();
    for (Task t : running) {
      boolean healthy = TaskHealth.healthy(ObservedTask.RUNNING, "UNKNOWN", false,
          since.get(t.id()), GRACE, mono);
      observed.add(new ObservedTask(t.id(), "plain", t.device(), "h1", ObservedTask.RUNNING,
          T0.toEpochMilli(), healthy, false));
      allocations.add(Allocation.of(t.id(), "plain", t.device(), TD));
    }
    List<DeviceSnapshot> devices = List.of(device("a", DeviceCondition.DRAINING),
        device("b", DeviceCondition.READY), device("c", DeviceCondition.READY));
    return new PassInput(new DesiredState(List.of(PLAIN)), observed, List.of(), devices,
        allocations, Map.of("a", "soak"), RolloutFixtures.input(List.of(PLAIN), List.of(), Map.of()),
        mono.toEpochMilli(), second);
  }

  private static DeviceSnapshot device(String id, DeviceCondition condition) {
    return new DeviceSnapshot(id, Map.of(), 4096, 4096, 0, condition);
  }
}
