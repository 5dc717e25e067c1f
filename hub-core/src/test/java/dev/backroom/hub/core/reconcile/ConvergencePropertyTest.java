package dev.backroom.hub.core.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.hub.core.scheduler.DeviceCondition;
import dev.backroom.hub.core.scheduler.DeviceSnapshot;
import dev.backroom.hub.core.scheduler.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Verifies that the control loop converges: feeding each pass's result back (new tasks turn
 * healthy one pass after they appear) ends, within a bounded number of passes, in a steady state
 * with exactly what the service asks for, all up to date, whatever mix of outdated, lost and
 * draining tasks it starts from, for every percent pair that lets a rollout move at all.
 */
class ConvergencePropertyTest {
  static final int CASES = 200;

  record Scenario(
      long seed, DesiredService service, List<ObservedTask> tasks, List<DeviceSnapshot> devices) {
    @Override
    public String toString() {
      return "seed " + seed + " " + service.desiredCount() + (service.daemon() ? " daemon" : "")
          + " " + service.minimumHealthyPercent() + "/" + service.maximumPercent();
    }
  }

  static List<Scenario> scenarios() {
    return LongStream.range(0, CASES).mapToObj(ConvergencePropertyTest::generate).toList();
  }

  /**
   * Two to five READY devices with room for everything, maybe a draining and a lost one. Old
   * tasks are healthy, except outdated ones, which may be broken (they are stopped at no cost).
   */
  static Scenario generate(long seed) {
    Random r = new Random(seed);
    List<DeviceSnapshot> devices = new ArrayList<>();
    for (int i = 2 + r.nextInt(4); i > 0; i--) {
      devices.add(Fixtures.device("d" + i).memory(16384).build());
    }
    if (r.nextBoolean()) {
      devices.add(Fixtures.device("drain").condition(DeviceCondition.DRAINING).build());
    }
    if (r.nextBoolean()) {
      devices.add(Fixtures.device("lost").condition(DeviceCondition.LOST).build());
    }
    int n = r.nextInt(6);
    boolean daemon = r.nextInt(3) == 0;
    int min = 25 * r.nextInt(5);
    int max = 100 + 25 * r.nextInt(5);
    int ready = (int) devices.stream().filter(DeviceSnapshot::schedulable).count();
    if (!canMove(n, daemon ? ready : n, min, max, daemon)) {
      min = 0;
    }
    DesiredService service = new DesiredService("web", Fixtures.taskDefinition(256, 0, 0), "h2",
        n, List.of(), daemon, List.of(), min, max);
    List<ObservedTask> tasks = new ArrayList<>();
    for (int i = r.nextInt(8); i > 0; i--) {
      DeviceSnapshot d = devices.get(r.nextInt(devices.size()));
      String hash = r.nextBoolean() ? "h1" : "h2";
      boolean healthy = hash.equals("h2") || r.nextInt(3) != 0;
      tasks.add(new ObservedTask("t" + i, "web", d.deviceId(), hash,
          healthy ? ObservedTask.RUNNING : ObservedTask.STOPPED, r.nextInt(100), healthy, false));
    }
    return new Scenario(seed, service, tasks, devices);
  }

  /** Both percents at their tightest pin a rollout in place, as in ECS; those are not tested. */
  static boolean canMove(int n, int slots, int min, int max, boolean daemon) {
    if (daemon) {
      return max > 100 || ReplicaRollout.minHealthy(slots, min) < slots;
    }
    return ReplicaRollout.maxTotal(n, max) > n || ReplicaRollout.minHealthy(n, min) < n;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void feedingResultsBack_convergesToExactlyWhatIsDesired(Scenario s) {
    Simulation sim = new Simulation(s.tasks(), s.devices(), 1);
    DesiredState desired = new DesiredState(List.of(s.service()));
    int bound = 3 * Math.max(s.service().desiredCount(), s.devices().size()) + 6;
    // Steady alone is not enough: a pass waiting for new tasks to turn healthy is steady too.
    // Steady with every task healthy is a fixed point: the next pass sees the same input.
    for (int passes = 0; ; passes++) {
      assertTrue(passes <= bound, "not converged after " + bound + " passes: " + sim.tasks());
      boolean allHealthy = sim.tasks().stream().allMatch(ObservedTask::healthy);
      if (sim.step(desired).isSteady() && allHealthy) {
        break;
      }
    }
    List<ObservedTask> left = sim.tasks();
    assertTrue(left.stream().allMatch(t -> t.specHash().equals("h2") && t.healthy()),
        s + ": " + left + "\n" + ReconcileFixtures.render(sim.step(desired)));
    List<String> devicesUsed = left.stream().map(ObservedTask::deviceId).sorted().toList();
    if (s.service().daemon()) {
      List<String> ready = s.devices().stream().filter(DeviceSnapshot::schedulable)
          .map(DeviceSnapshot::deviceId).sorted().toList();
      assertEquals(ready, devicesUsed);
    } else {
      assertEquals(s.service().desiredCount(), left.size(), left.toString());
      assertTrue(devicesUsed.stream().noneMatch(d -> d.equals("drain") || d.equals("lost")),
          devicesUsed.toString());
    }
  }
}
